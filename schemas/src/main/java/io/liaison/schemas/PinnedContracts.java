package io.liaison.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Which writer schemas the backbone accepts for a payload, and into which schema it decodes them.
 *
 * <p>The sensitivity tags that drive redaction are part of the contract, but a payload names its
 * writer schema by a registry id the sender does not sign, and anyone who can write to the registry
 * can register a BACKWARD-compatible variant with other tags (compatibility ignores custom
 * properties). So the backbone decodes every payload into the pinned contract (the schema compiled
 * into this build, {@link LiaisonSchemas#PAYLOAD_SCHEMAS}), which makes the tags and declared types
 * the redactor sees come from the build, never from the registry; and it accepts a writer schema
 * only if its {@link #fingerprint contract fingerprint} is an approved version of the contract.
 * An earlier approved version is decoded into the build's copy of that version, whose tags the
 * fingerprint covers, so its tags come from the build too.
 */
public final class PinnedContracts {

    /**
     * Earlier versions of a contract still approved, oldest first, as released (resources next to
     * this class, each self-contained): the one place where accepted contract versions are declared
     * besides the compiled schemas. A version stays here for as long as gateways may still write it
     * (docs/operations.md, "Releasing a new contract version").
     */
    private static final Map<String, List<String>> EARLIER_VERSIONS =
            Map.of("ResourceRequest", List.of("contracts/ResourceRequest-v1.avsc"));

    /** Every approved version of each message type, oldest first, the pinned (compiled) one last. */
    private static final Map<String, List<Schema>> VERSIONS = LiaisonSchemas.PAYLOAD_SCHEMAS.stream()
            .collect(Collectors.toUnmodifiableMap(Schema::getName, pinned -> {
                List<Schema> versions = new ArrayList<>();
                EARLIER_VERSIONS.getOrDefault(pinned.getName(), List.of()).forEach(r -> versions.add(load(r)));
                versions.add(pinned);
                return List.copyOf(versions);
            }));

    /**
     * Approved writer versions by message type and contract fingerprint, each with the build's own
     * copy of that version, into which a payload written with it is decoded.
     */
    private static final Map<String, Map<String, Schema>> APPROVED = VERSIONS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(
                    Map.Entry::getKey,
                    e -> e.getValue().stream()
                            .collect(Collectors.toUnmodifiableMap(PinnedContracts::fingerprint, v -> v))));

    /** Fingerprints are checked per message; registry clients hand out one schema instance per id, so each is hashed once. */
    private static final Map<Schema, String> FINGERPRINTS = new ConcurrentHashMap<>();

    private PinnedContracts() {}

    /** Whether a payload written with {@code writer} may be read as a {@code messageType}. */
    public sealed interface Approval {
        /**
         * An approved version: decode the payload into {@code reader}, the build's copy of that
         * version (the pinned contract, or an earlier approved one): its tags are the build's. A
         * copy is delivered in the version its sender wrote, so the sender's commitments cover
         * exactly its fields; consumers resolve it to the version they were built with.
         */
        record Approved(Schema reader) implements Approval {}

        /** Not an approved version; {@code detail} says how it differs from the pinned contract. */
        record NotApproved(String fingerprint, String detail) implements Approval {}
    }

    public static Approval approve(String messageType, Schema writer) {
        Optional<Schema> pinned = LiaisonSchemas.payloadSchema(messageType);
        String fingerprint = FINGERPRINTS.computeIfAbsent(writer, PinnedContracts::fingerprint);
        if (pinned.isEmpty()) {
            return new Approval.NotApproved(fingerprint, "there is no contract named " + messageType);
        }
        Schema approved = APPROVED.get(messageType).get(fingerprint);
        if (approved != null) {
            return new Approval.Approved(approved);
        }
        return new Approval.NotApproved(
                fingerprint,
                writer.getFullName() + " with contract fingerprint " + fingerprint
                        + " is not an approved version of the " + messageType + " contract: "
                        + differences(pinned.get(), writer));
    }

    /**
     * Every approved version of {@code messageType}, oldest first, the pinned contract last: the
     * order in which they are registered under the payload's subject.
     *
     * @throws IllegalArgumentException if there is no such contract
     */
    public static List<Schema> versions(String messageType) {
        List<Schema> versions = VERSIONS.get(messageType);
        if (versions == null) {
            throw new IllegalArgumentException("there is no contract named " + messageType);
        }
        return versions;
    }

    private static Schema load(String resource) {
        try (InputStream in = PinnedContracts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the approved contract version " + resource + " is not in this build");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the approved contract version " + resource, e);
        }
    }

    /**
     * {@code "sha256:"} and the lower-case hex SHA-256 of the UTF-8 bytes of the schema's Avro
     * Parsing Canonical Form followed, for every field of every record it contains (depth first, in
     * declaration order, each named record once), by {@code "\n" + record full name + "." + field
     * name + "=" + its own sensitivity tags, distinct, sorted, joined by ","}. The canonical form
     * alone drops custom properties, so it cannot tell a relabelled schema from the contract.
     */
    public static String fingerprint(Schema schema) {
        StringBuilder input = new StringBuilder(SchemaNormalization.toParsingForm(schema));
        tagsByField(schema)
                .forEach((field, tags) ->
                        input.append('\n').append(field).append('=').append(String.join(",", tags)));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(input.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** What an operator needs to see in the quarantine: the fields whose presence or tags differ. */
    private static String differences(Schema pinned, Schema writer) {
        Map<String, Set<String>> expected = tagsByField(pinned);
        Map<String, Set<String>> actual = tagsByField(writer);
        List<String> out = new ArrayList<>();
        actual.forEach((field, tags) -> {
            if (!expected.containsKey(field)) {
                out.add(field + " is not in the contract");
            } else if (!expected.get(field).equals(tags)) {
                out.add(field + " is tagged " + tags + " where the contract says " + expected.get(field));
            }
        });
        expected.keySet().stream()
                .filter(field -> !actual.containsKey(field))
                .forEach(field -> out.add(field + " is missing"));
        return out.isEmpty() ? "the field types or order differ" : String.join("; ", out);
    }

    /** Each field's own tags (as {@code LeafWalker} reads them: a non-list property means none), by record full name and field name. */
    private static Map<String, Set<String>> tagsByField(Schema schema) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        collectTags(schema, out, new HashSet<>());
        return out;
    }

    private static void collectTags(Schema schema, Map<String, Set<String>> out, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    Set<String> tags = new TreeSet<>();
                    if (field.getObjectProp(Sensitivity.PROPERTY) instanceof List<?> list) {
                        list.forEach(tag -> tags.add(String.valueOf(tag)));
                    }
                    out.put(schema.getFullName() + "." + field.name(), tags);
                    collectTags(field.schema(), out, seen);
                }
            }
            case ARRAY -> collectTags(schema.getElementType(), out, seen);
            case MAP -> collectTags(schema.getValueType(), out, seen);
            case UNION -> schema.getTypes().forEach(branch -> collectTags(branch, out, seen));
            default -> {}
        }
    }
}
