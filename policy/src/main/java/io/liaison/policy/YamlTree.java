package io.liaison.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as maps, lists and scalars that remember their line, read with Jackson's streaming
 * parser because its tree model drops locations. Scalars stay text: the validator, not YAML's
 * implicit typing, decides what {@code no} or {@code 010} mean.
 */
final class YamlTree {
    private YamlTree() {}

    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();
    }

    /** A mapping; each entry remembers the line of its key. */
    record MapNode(int line, Map<String, Entry> entries) implements Node {}

    record Entry(int keyLine, Node value) {}

    record ListNode(int line, List<Node> items) implements Node {}

    /** A scalar; {@code text} is null for YAML null ({@code ~}, {@code null} or nothing). */
    record Scalar(int line, String text) implements Node {}

    /** A key given twice in one mapping (YAML forbids it; Jackson's streaming parser does not check). */
    record Duplicate(int line, String path) {}

    /** A syntax error, with the line the parser stopped at. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** The document's root, or null for an empty document. Duplicate keys are reported to {@code duplicates}. */
    static Node parse(String yaml, List<Duplicate> duplicates) throws SyntaxError {
        try (JsonParser p = FACTORY.createParser(yaml)) {
            if (p.nextToken() == null) {
                return null;
            }
            return read(p, "", duplicates);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new SyntaxError(line, e.getOriginalMessage());
        } catch (IOException e) {
            throw new SyntaxError(1, e.getMessage());
        }
    }

    private static Node read(JsonParser p, String path, List<Duplicate> duplicates) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                String childPath = path.isEmpty() ? key : path + "." + key;
                Node value = read(p, childPath, duplicates);
                if (entries.putIfAbsent(key, new Entry(keyLine, value)) != null) {
                    duplicates.add(new Duplicate(keyLine, childPath));
                }
            }
            return new MapNode(line, entries);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p, path + "[" + i++ + "]", duplicates));
            }
            return new ListNode(line, items);
        }
        return new Scalar(line, token == JsonToken.VALUE_NULL ? null : p.getText());
    }
}
