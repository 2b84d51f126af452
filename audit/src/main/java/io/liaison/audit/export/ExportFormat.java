package io.liaison.audit.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.audit.AuditEntry;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.kernel.crypto.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The export file, {@code liaison-audit-export/1}: UTF-8 JSON Lines, one object per line, in this
 * order (docs/audit.md has the full description):
 *
 * <pre>
 * {"type":"header","format":"liaison-audit-export/1","exportedAt":"...","schemas":S,"checkpoints":C,"records":N}
 * {"type":"schema","id":7,"schema":"&lt;Avro schema JSON&gt;"}                          x S
 * {"type":"checkpoint","offset":3,"publishedAt":"...","note":"&lt;signed note&gt;"}     x C
 * {"type":"record","index":0,"offset":0,"value":"&lt;base64 of the exact value bytes&gt;"} x N
 * {"type":"sha256","digest":"&lt;hex SHA-256 of every byte above&gt;"}
 * </pre>
 *
 * <p>The records and checkpoints are protected by the signed tree. The trailer digest is not a
 * signature (whoever edits the file can recompute it); it makes corruption of the unsigned parts
 * (offsets, timestamps, schemas) detectable, so that no single changed byte goes unnoticed.
 */
public final class ExportFormat {
    public static final String FORMAT = "liaison-audit-export/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportFormat() {}

    /** The result of reading an export: its content, and whether the trailer digest matched. */
    public record Read(AuditExport export, boolean digestMatches) {}

    public static byte[] write(AuditExport export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectNode header = JSON.createObjectNode()
                .put("type", "header")
                .put("format", FORMAT)
                .put("exportedAt", export.exportedAt().toString())
                .put("schemas", export.writerSchemas().size())
                .put("checkpoints", export.checkpoints().size())
                .put("records", export.records().size());
        line(out, header);
        export.writerSchemas()
                .forEach((id, schema) -> line(
                        out,
                        JSON.createObjectNode()
                                .put("type", "schema")
                                .put("id", id)
                                .put("schema", schema.toString())));
        for (PublishedCheckpoint c : export.checkpoints()) {
            line(
                    out,
                    JSON.createObjectNode()
                            .put("type", "checkpoint")
                            .put("offset", c.offset())
                            .put("publishedAt", c.published().at().toString())
                            .put("timestampType", c.timestampType())
                            .put("note", c.note()));
        }
        for (AuditEntry e : export.records()) {
            line(
                    out,
                    JSON.createObjectNode()
                            .put("type", "record")
                            .put("index", e.index())
                            .put("offset", e.offset())
                            .put("value", Base64.getEncoder().encodeToString(e.value())));
        }
        byte[] digest = Digests.sha256(out.toByteArray());
        line(
                out,
                JSON.createObjectNode()
                        .put("type", "sha256")
                        .put("digest", HexFormat.of().formatHex(digest)));
        return out.toByteArray();
    }

    /**
     * Parses an export.
     *
     * @throws IllegalArgumentException naming the line, when the file is not a well-formed export
     */
    public static Read read(byte[] file) {
        List<int[]> lines = splitLines(file);
        if (lines.size() < 2) {
            throw new IllegalArgumentException(
                    "not an audit export: it needs at least a header and a sha256 trailer line");
        }
        int[] last = lines.get(lines.size() - 1);
        JsonNode trailer = parse(file, last, lines.size());
        if (!"sha256".equals(trailer.path("type").asText())) {
            throw new IllegalArgumentException("line " + lines.size() + ": the last line must be the sha256 trailer");
        }
        byte[] digest = Digests.sha256(Arrays.copyOfRange(file, 0, last[0]));
        boolean digestMatches = MessageDigest.isEqual(digest, hex(trailer, "digest", lines.size()));

        JsonNode header = parse(file, lines.get(0), 1);
        if (!"header".equals(header.path("type").asText())
                || !FORMAT.equals(header.path("format").asText())) {
            throw new IllegalArgumentException("line 1: not a " + FORMAT + " header");
        }
        Instant exportedAt = instant(header, "exportedAt", 1);
        Map<Integer, Schema> schemas = new HashMap<>();
        List<PublishedCheckpoint> checkpoints = new ArrayList<>();
        List<AuditEntry> records = new ArrayList<>();
        for (int i = 1; i < lines.size() - 1; i++) {
            int lineNo = i + 1;
            JsonNode node = parse(file, lines.get(i), lineNo);
            switch (node.path("type").asText()) {
                case "schema" -> {
                    try {
                        schemas.put(
                                integer(node, "id", lineNo), new Schema.Parser().parse(text(node, "schema", lineNo)));
                    } catch (AvroRuntimeException e) {
                        throw new IllegalArgumentException(
                                "line " + lineNo + ": writer schema does not parse: " + e.getMessage(), e);
                    }
                }
                case "checkpoint" ->
                    checkpoints.add(new PublishedCheckpoint(
                            number(node, "offset", lineNo),
                            PublishedCheckpoint.published(
                                    node.path("timestampType").textValue(), instant(node, "publishedAt", lineNo)),
                            text(node, "note", lineNo)));
                case "record" ->
                    records.add(new AuditEntry(
                            number(node, "index", lineNo),
                            number(node, "offset", lineNo),
                            base64(node, "value", lineNo)));
                default ->
                    throw new IllegalArgumentException("line " + lineNo + ": unknown line type '"
                            + node.path("type").asText() + "'");
            }
        }
        requireCount(header, "schemas", schemas.size());
        requireCount(header, "checkpoints", checkpoints.size());
        requireCount(header, "records", records.size());
        return new Read(new AuditExport(exportedAt, schemas, checkpoints, records), digestMatches);
    }

    private static void line(ByteArrayOutputStream out, ObjectNode node) {
        try {
            out.write(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
    }

    /** [start, end) of each line, without its newline; a trailing newline does not start a line. */
    private static List<int[]> splitLines(byte[] file) {
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                lines.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < file.length) {
            lines.add(new int[] {start, file.length});
        }
        return lines;
    }

    private static JsonNode parse(byte[] file, int[] range, int lineNo) {
        try {
            JsonNode node = JSON.readTree(new String(file, range[0], range[1] - range[0], StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("line " + lineNo + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNo + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("line " + lineNo + ": field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long number(JsonNode node, String field, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException(
                    "line " + lineNo + ": field '" + field + "' must be a non-negative integer");
        }
        return v.asLong();
    }

    private static int integer(JsonNode node, String field, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("line " + lineNo + ": field '" + field + "' must be a 32-bit integer");
        }
        return v.asInt();
    }

    private static Instant instant(JsonNode node, String field, int lineNo) {
        try {
            return Instant.parse(text(node, field, lineNo));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "line " + lineNo + ": field '" + field + "' must be an ISO-8601 instant", e);
        }
    }

    /** Base64 must be canonical: otherwise unused low bits of the last character could vary unnoticed. */
    private static byte[] base64(JsonNode node, String field, int lineNo) {
        String s = text(node, field, lineNo);
        try {
            byte[] bytes = Base64.getDecoder().decode(s);
            if (Base64.getEncoder().encodeToString(bytes).equals(s)) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "line " + lineNo + ": field '" + field + "' must be canonical padded base64");
    }

    private static byte[] hex(JsonNode node, String field, int lineNo) {
        try {
            return HexFormat.of().parseHex(text(node, field, lineNo));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + lineNo + ": field '" + field + "' must be hex", e);
        }
    }

    private static void requireCount(JsonNode header, String field, int actual) {
        if (number(header, field, 1) != actual) {
            throw new IllegalArgumentException(
                    "header announces " + header.get(field).asLong() + " " + field + " but the file has " + actual);
        }
    }
}
