package io.liaison.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files of the deployment, {@code deploy/prometheus/rules.yml} and the Grafana
 * dashboards, read for tests: each alert's and each panel's PromQL expression, and the metric names
 * those expressions name, so a test can hold them to what the processes export.
 *
 * <p>The names are found by a plain reading of PromQL, not a parser: string literals, label
 * matchers ({@code {...}}), range and offset durations ({@code [...]}), and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right} are removed; what remains that looks like an identifier and is neither a
 * function call, a keyword nor a template variable is a metric name.
 */
public final class MonitoringFiles {
    public static final String RULES = "deploy/prometheus/rules.yml";
    public static final String DASHBOARDS = "deploy/grafana/dashboards";

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring", "inf", "nan");

    private MonitoringFiles() {}

    /** Alert name to its expression, in file order. */
    public static Map<String, String> alerts(Path root) {
        JsonNode rules = read(root.resolve(RULES), new ObjectMapper(new YAMLFactory()));
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return alerts;
    }

    /** The alert rules as read, for checks of their labels and annotations. */
    public static JsonNode rules(Path root) {
        return read(root.resolve(RULES), new ObjectMapper(new YAMLFactory()));
    }

    /** Every {@code expr} of every panel target of the dashboard files. */
    public static List<String> dashboardQueries(Path root) {
        List<String> queries = new ArrayList<>();
        try (var files = java.nio.file.Files.list(root.resolve(DASHBOARDS))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                read(file, new ObjectMapper()).findValues("expr").forEach(e -> queries.add(e.asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    /** The metric names {@code promql} names. */
    public static Set<String> metricNames(String promql) {
        String rest = STRING.matcher(promql).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String word = m.group();
            boolean call = rest.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1)); // 5m, 1e3
            boolean template = m.start() > 0 && rest.charAt(m.start() - 1) == '$';
            if (!call && !number && !template && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /** The sample names of a Prometheus text exposition ({@code name{labels} value} lines). */
    public static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static JsonNode read(Path file, ObjectMapper mapper) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
