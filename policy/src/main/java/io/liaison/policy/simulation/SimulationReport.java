package io.liaison.policy.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.policy.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a candidate policy would change in the retained traffic, per agency, message type, purpose
 * and field (counts of copies; never a value). Written as text for an approver and as JSON for
 * {@code policy approve --simulation}, which reads it back with {@link #fromJson}.
 *
 * @param currentVersion    the policy in force the traffic was re-decided under
 * @param candidateVersion  the candidate
 * @param since             the oldest retained record considered
 * @param messages          retained messages re-decided
 * @param newlyQuarantined  messages the candidate would refuse that the current policy accepts, by reason
 * @param noLongerQuarantined messages the current policy refuses that the candidate would accept, by reason
 * @param copies            copies that would newly be delivered or withheld
 * @param fields            field actions that would change in copies delivered under both policies
 */
public record SimulationReport(
        String currentVersion,
        String candidateVersion,
        Instant since,
        long messages,
        Map<String, Long> newlyQuarantined,
        Map<String, Long> noLongerQuarantined,
        Map<CopyKey, Long> copies,
        Map<FieldKey, Long> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SimulationReport {
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        Objects.requireNonNull(since, "since");
        newlyQuarantined = Map.copyOf(newlyQuarantined);
        noLongerQuarantined = Map.copyOf(noLongerQuarantined);
        copies = Map.copyOf(copies);
        fields = Map.copyOf(fields);
    }

    public enum CopyChange {
        NEWLY_DELIVERED("would newly be delivered"),
        NEWLY_WITHHELD("would newly be withheld");

        private final String words;

        CopyChange(String words) {
            this.words = words;
        }
    }

    public record CopyKey(String agency, String messageType, String purpose, CopyChange change) {}

    /** A field whose action changes from {@code before} to {@code after} in copies delivered under both. */
    public record FieldKey(
            String agency, String messageType, String purpose, String field, Action before, Action after) {
        /** released (less withheld), masked (another partial action) or dropped. */
        public String effect() {
            if (before.isStricterThan(after)) {
                return after == Action.KEEP ? "newly released" : "newly released as " + after;
            }
            return after == Action.DROP ? "newly dropped" : "newly masked as " + after;
        }
    }

    public boolean changesNothing() {
        return newlyQuarantined.isEmpty() && noLongerQuarantined.isEmpty() && copies.isEmpty() && fields.isEmpty();
    }

    /** For an approver: one line per change, sorted by agency, type, purpose and field. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("policy simulation: " + candidateVersion + " in place of " + currentVersion);
        out.add("re-decided " + messages + " retained message(s) since " + since
                + " with the backbone's own decision logic; counts of copies, no values");
        if (changesNothing()) {
            out.add("no copy, field or quarantine decision would change");
            return out;
        }
        newlyQuarantined.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add("  " + e.getValue() + " message(s) would newly be quarantined: " + e.getKey()));
        noLongerQuarantined.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(
                        "  " + e.getValue() + " message(s) would no longer be quarantined (" + e.getKey() + ")"));
        copies.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(CopyKey::agency)
                        .thenComparing(CopyKey::messageType)
                        .thenComparing(CopyKey::purpose)
                        .thenComparing(CopyKey::change)))
                .forEach(e -> out.add("  " + e.getKey().agency() + " · "
                        + e.getKey().messageType() + " · "
                        + e.getKey().purpose() + ": " + e.getValue() + " cop" + (e.getValue() == 1 ? "y " : "ies ")
                        + e.getKey().change().words));
        fields.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(FieldKey::agency)
                        .thenComparing(FieldKey::messageType)
                        .thenComparing(FieldKey::purpose)
                        .thenComparing(FieldKey::field)))
                .forEach(e ->
                        out.add("  " + e.getKey().agency() + " · " + e.getKey().messageType() + " · "
                                + e.getKey().purpose() + ": field " + e.getKey().field() + " "
                                + e.getKey().before() + " → "
                                + e.getKey().after() + " (" + e.getKey().effect() + ") in " + e.getValue() + " cop"
                                + (e.getValue() == 1 ? "y" : "ies")));
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode()
                .put("currentVersion", currentVersion)
                .put("candidateVersion", candidateVersion)
                .put("since", since.toString())
                .put("messages", messages);
        root.set("newlyQuarantined", JSON.valueToTree(new TreeMap<>(newlyQuarantined)));
        root.set("noLongerQuarantined", JSON.valueToTree(new TreeMap<>(noLongerQuarantined)));
        ArrayNode copyRows = root.putArray("copies");
        copies.forEach((k, n) -> copyRows.addObject()
                .put("agency", k.agency())
                .put("messageType", k.messageType())
                .put("purpose", k.purpose())
                .put("change", k.change().name())
                .put("copies", n));
        ArrayNode fieldRows = root.putArray("fields");
        fields.forEach((k, n) -> fieldRows
                .addObject()
                .put("agency", k.agency())
                .put("messageType", k.messageType())
                .put("purpose", k.purpose())
                .put("field", k.field())
                .put("before", k.before().name())
                .put("after", k.after().name())
                .put("effect", k.effect())
                .put("copies", n));
        return root;
    }

    /**
     * Reads a report written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the first missing or malformed member
     */
    public static SimulationReport fromJson(JsonNode json) {
        Map<CopyKey, Long> copies = new LinkedHashMap<>();
        for (JsonNode row : array(json, "copies")) {
            copies.put(
                    new CopyKey(
                            text(row, "agency"),
                            text(row, "messageType"),
                            text(row, "purpose"),
                            CopyChange.valueOf(text(row, "change"))),
                    number(row, "copies"));
        }
        Map<FieldKey, Long> fields = new LinkedHashMap<>();
        for (JsonNode row : array(json, "fields")) {
            fields.put(
                    new FieldKey(
                            text(row, "agency"),
                            text(row, "messageType"),
                            text(row, "purpose"),
                            text(row, "field"),
                            Action.valueOf(text(row, "before")),
                            Action.valueOf(text(row, "after"))),
                    number(row, "copies"));
        }
        return new SimulationReport(
                text(json, "currentVersion"),
                text(json, "candidateVersion"),
                Instant.parse(text(json, "since")),
                number(json, "messages"),
                counts(json, "newlyQuarantined"),
                counts(json, "noLongerQuarantined"),
                copies,
                fields);
    }

    private static Map<String, Long> counts(JsonNode json, String name) {
        JsonNode node = json.get(name);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not an object");
        }
        Map<String, Long> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static Iterable<JsonNode> array(JsonNode json, String name) {
        JsonNode node = json.get(name);
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not an array");
        }
        return node;
    }

    private static String text(JsonNode json, String name) {
        JsonNode node = json.get(name);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a string");
        }
        return node.asText();
    }

    private static long number(JsonNode json, String name) {
        JsonNode node = json.get(name);
        if (node == null || !node.canConvertToLong()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a number");
        }
        return node.asLong();
    }
}
