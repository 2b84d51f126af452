package io.liaison.audit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.audit.report.TransparencyReport.Cell;
import io.liaison.audit.report.TransparencyReport.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TransparencyReport} as {@code report.html} (charts as inline SVG: the page loads
 * nothing from anywhere), {@code report.csv} and {@code report.json}. Every file shows suppressed
 * counts only as {@code <k}: the exact value of a suppressed cell never leaves the report object.
 * CSV and JSON give each row a stable key beside its label; the page shows the label.
 * Output is deterministic (no generation time), so two people with the same export and policy get
 * the same bytes.
 */
public final class ReportFiles {
    public static final String HTML = "report.html";
    public static final String CSV = "report.csv";
    public static final String JSON = "report.json";

    private static final int BAR_AREA = 520;
    private static final int ROW = 24;

    private ReportFiles() {}

    /** Writes the three files into {@code dir} (created if needed) and returns their paths. */
    public static List<Path> write(TransparencyReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve(HTML);
        Path csv = dir.resolve(CSV);
        Path json = dir.resolve(JSON);
        Files.writeString(html, html(report), StandardCharsets.UTF_8);
        Files.writeString(csv, csv(report), StandardCharsets.UTF_8);
        Files.writeString(json, json(report), StandardCharsets.UTF_8);
        return List.of(html, csv, json);
    }

    public static String csv(TransparencyReport report) {
        StringBuilder out = new StringBuilder("table,key,label,count\n");
        out.append("total,total,all records,").append(report.total()).append('\n');
        for (Table t : allTables(report)) {
            for (Cell c : t.cells()) {
                out.append(t.id())
                        .append(',')
                        .append(csvField(c.key()))
                        .append(',')
                        .append(csvField(c.label()))
                        .append(',')
                        .append(c.display(report.k()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    public static String json(TransparencyReport report) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode cp = root.putObject("checkpoint");
        cp.put("origin", report.checkpoint().origin())
                .put("treeSize", report.checkpoint().size())
                .put("rootHash", report.checkpoint().rootHex());
        root.putObject("policy").put("name", report.policyName()).put("version", report.policyVersion());
        root.put("from", report.from() == null ? null : report.from().toString());
        root.put("to", report.to() == null ? null : report.to().toString());
        root.put("k", report.k()).put("total", report.total());
        ObjectNode tables = root.putObject("tables");
        for (Table t : allTables(report)) {
            ArrayNode cells = tables.putObject(t.id()).put("title", t.title()).putArray("cells");
            for (Cell c : t.cells()) {
                ObjectNode n = cells.addObject().put("key", c.key()).put("label", c.label());
                if (c.suppressed()) {
                    n.put("count", c.display(report.k()));
                } else {
                    n.put("count", c.count());
                }
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serialises", e);
        }
    }

    public static String html(TransparencyReport report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>Liaison transparency report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#1d2733;background:#fff}h1{font-size:1.6em}")
                .append("h2{font-size:1.15em;margin-top:1.6em}.meta{font-family:monospace;font-size:.85em;color:#445}")
                .append(".total{font-size:2.2em;font-weight:bold;color:#1f5fa8}table{border-collapse:collapse}")
                .append("td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #dde}")
                .append(".bars td{border:none;padding:0 8px}.bars td.label{max-width:30em}.defs{position:absolute}\n")
                .append("</style></head><body>\n")
                .append(hatchPattern())
                .append("<h1>Liaison interagency dissemination: transparency report</h1>\n")
                .append("<p class=\"meta\">Computed from checkpoint ")
                .append(esc(report.checkpoint().origin()))
                .append(", tree size ")
                .append(report.checkpoint().size())
                .append(", root ")
                .append(report.checkpoint().rootHex())
                .append("<br>Window: ")
                .append(report.from() == null ? "beginning" : esc(report.from().toString()))
                .append(" to ")
                .append(report.to() == null ? "end" : esc(report.to().toString()))
                .append(". Counts from 1 to ")
                .append(report.k() - 1)
                .append(" are shown as &lt;")
                .append(report.k())
                .append("; when a table would reveal one such count by subtraction, another is hidden too.")
                .append("<br>Rows are named as policy ")
                .append(esc(report.policyName()))
                .append(" (")
                .append(esc(report.policyVersion()))
                .append(") declares them; any other value is counted as &ldquo;")
                .append(esc(ReportVocabulary.UNDECLARED.label()))
                .append("&rdquo; and not shown.</p>\n")
                .append("<p>Decisions recorded: <span class=\"total\">")
                .append(report.total())
                .append("</span></p>\n");
        out.append("<h2>")
                .append(esc(report.timeline().title()))
                .append("</h2>\n")
                .append(columns(report.timeline(), report.k()));
        for (Table t : report.tables()) {
            out.append("<h2>").append(esc(t.title())).append("</h2>\n").append(bars(t, report.k()));
        }
        out.append(
                        "<p class=\"meta\">Recompute these figures from an audit export and the policy file with: liaison report --export FILE --policy FILE --out DIR --k ")
                .append(report.k())
                .append("</p>\n</body></html>\n");
        return out.toString();
    }

    /**
     * One table row per cell: its label (an HTML cell, so long policy wording wraps), a horizontal
     * bar, and its count; a suppressed cell is drawn hatched at the length of k, its upper bound.
     */
    private static String bars(Table table, int k) {
        if (table.cells().isEmpty()) {
            return "<p>No records.</p>\n";
        }
        long max = Math.max(
                k,
                table.cells().stream()
                        .filter(c -> !c.suppressed())
                        .mapToLong(Cell::count)
                        .max()
                        .orElse(k));
        StringBuilder out = new StringBuilder("<table class=\"bars\">\n");
        for (Cell c : table.cells()) {
            long shown = c.suppressed() ? k : c.count();
            int width = (int) Math.max(2, shown * BAR_AREA / max);
            out.append("<tr><td class=\"label\">")
                    .append(esc(c.label()))
                    .append("</td><td><svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" width=\"")
                    .append(BAR_AREA)
                    .append("\" height=\"")
                    .append(ROW)
                    .append("\"><rect x=\"0\" y=\"3\" width=\"")
                    .append(width)
                    .append("\" height=\"")
                    .append(ROW - 6)
                    .append("\" fill=\"")
                    .append(c.suppressed() ? "url(#hatch)" : "#2f77c4")
                    .append("\"/></svg></td><td class=\"count\">")
                    .append(esc(c.display(k)))
                    .append("</td></tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    /** Vertical bars in time order. */
    private static String columns(Table table, int k) {
        if (table.cells().isEmpty()) {
            return "<p>No records.</p>\n";
        }
        int chartHeight = 220; // leaves room above the tallest column for its label
        int columnWidth = Math.max(6, Math.min(48, 900 / table.cells().size()));
        long max = Math.max(
                k,
                table.cells().stream()
                        .filter(c -> !c.suppressed())
                        .mapToLong(Cell::count)
                        .max()
                        .orElse(k));
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(table.cells().size() * columnWidth + 60)
                .append("\" height=\"")
                .append(chartHeight + 70)
                .append("\" aria-label=\"")
                .append(esc(table.title()))
                .append("\">")
                .append("<line x1=\"40\" y1=\"")
                .append(chartHeight + 10)
                .append("\" x2=\"")
                .append(table.cells().size() * columnWidth + 50)
                .append("\" y2=\"")
                .append(chartHeight + 10)
                .append("\" stroke=\"#889\"/>")
                .append("<text x=\"4\" y=\"20\" font-size=\"11\">")
                .append(max)
                .append("</text>");
        int x = 44;
        for (Cell c : table.cells()) {
            long shown = c.suppressed() ? k : c.count();
            int h = (int) Math.max(2, shown * (chartHeight - 16) / max);
            svg.append("<rect x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(chartHeight + 10 - h)
                    .append("\" width=\"")
                    .append(columnWidth - 2)
                    .append("\" height=\"")
                    .append(h)
                    .append("\" fill=\"")
                    .append(c.suppressed() ? "url(#hatch)" : "#2f77c4")
                    .append("\">")
                    .append("<title>")
                    .append(esc(c.label()))
                    .append(": ")
                    .append(esc(c.display(k)))
                    .append("</title></rect>");
            if (columnWidth >= 24) {
                svg.append("<text x=\"")
                        .append(x + columnWidth / 2 - 1)
                        .append("\" y=\"")
                        .append(chartHeight + 6 - h)
                        .append("\" font-size=\"11\" text-anchor=\"middle\">")
                        .append(esc(c.display(k)))
                        .append("</text>");
            }
            x += columnWidth;
        }
        Cell first = table.cells().get(0);
        Cell last = table.cells().get(table.cells().size() - 1);
        svg.append("<text x=\"44\" y=\"")
                .append(chartHeight + 30)
                .append("\" font-size=\"11\">")
                .append(esc(first.label()))
                .append("</text>");
        if (table.cells().size() > 1) {
            svg.append("<text x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(chartHeight + 50)
                    .append("\" font-size=\"11\" text-anchor=\"end\">")
                    .append(esc(last.label()))
                    .append("</text>");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Defined once for the whole page: every chart's suppressed cells refer to it. */
    private static String hatchPattern() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"6\" height=\"6\" fill=\"#d7e3f1\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#7d9cc0\" stroke-width=\"3\"/>"
                + "</pattern></defs></svg>\n";
    }

    private static List<Table> allTables(TransparencyReport report) {
        List<Table> all = new ArrayList<>(report.tables());
        all.add(report.timeline());
        return all;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
