package io.liaison.audit.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditRecords;
import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds, serialises and checks {@link MessageProof}s. The file is one JSON object,
 * {@code liaison-audit-proof/1}:
 *
 * <pre>
 * {"format":"liaison-audit-proof/1","messageId":"...",
 *  "checkpoint":{"offset":12,"publishedAt":"...","note":"&lt;signed note&gt;"},
 *  "entries":[{"index":4,"offset":9,"value":"&lt;base64&gt;","path":["&lt;base64 hash&gt;", ...]}]}
 * </pre>
 */
public final class MessageProofs {
    public static final String FORMAT = "liaison-audit-proof/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageProofs() {}

    /** What a check found: the verified checkpoint and records, or the reason it failed. */
    public sealed interface Check {
        record Valid(Checkpoint checkpoint, List<AuditRecord> records) implements Check {}

        record Invalid(String reason) implements Check {}
    }

    /**
     * Proves the given entries (all of one message, already selected from a verified log) against
     * the checkpoint whose tree size the tree has reached.
     */
    public static MessageProof build(
            String messageId,
            List<AuditEntry> entries,
            LogTree tree,
            PublishedCheckpoint checkpoint,
            long checkpointSize) {
        List<MessageProof.ProvenEntry> proven = new ArrayList<>();
        for (AuditEntry e : entries) {
            if (e.index() >= checkpointSize) {
                throw new IllegalArgumentException(
                        "record " + e.index() + " is after the checkpoint of size " + checkpointSize);
            }
            proven.add(new MessageProof.ProvenEntry(e, tree.inclusionProof(e.index(), checkpointSize)));
        }
        return new MessageProof(messageId, checkpoint, proven);
    }

    /**
     * Checks the checkpoint's signature with the trusted keys, every inclusion path against its
     * root, and that every record is an AuditRecord about {@code messageId}.
     */
    public static Check check(MessageProof proof, CheckpointVerifier verifier) {
        if (proof.entries().isEmpty()) {
            return new Check.Invalid("the proof names no audit record");
        }
        return check(
                proof.checkpoint(),
                proof.entries(),
                verifier,
                record -> Objects.equals(proof.messageId(), record.getMessageId())
                        ? Optional.empty()
                        : Optional.of("is about message " + record.getMessageId() + ", not " + proof.messageId()));
    }

    /**
     * Shared by message proofs and agency slices: opens the checkpoint with the trusted keys, then,
     * entry by entry, checks its inclusion path against the checkpoint's root, decodes it with the
     * compiled-in schema and asks {@code about} whether the record belongs in the file (a reason
     * when it does not). Entries must come in strictly ascending leaf order. The first failure names the record's leaf index.
     */
    static Check check(
            PublishedCheckpoint published,
            List<MessageProof.ProvenEntry> entries,
            CheckpointVerifier verifier,
            Function<AuditRecord, Optional<String>> about) {
        CheckpointVerifier.Result opened = verifier.verify(published.note(), published.published());
        if (opened instanceof CheckpointVerifier.Result.Rejected r) {
            return new Check.Invalid("checkpoint rejected: " + r.reason());
        }
        Checkpoint checkpoint = ((CheckpointVerifier.Result.Verified) opened).checkpoint();
        List<AuditRecord> records = new ArrayList<>();
        long previous = -1;
        for (MessageProof.ProvenEntry p : entries) {
            AuditEntry e = p.entry();
            if (!MerkleTree.verifyInclusion(
                    MerkleTree.leafHash(e.value()), e.index(), checkpoint.size(), p.path(), checkpoint.rootHash())) {
                return new Check.Invalid("record " + e.index() + " is not included in the checkpoint of size "
                        + checkpoint.size() + " (root " + checkpoint.rootHex() + ")");
            }
            if (e.index() <= previous) {
                // Entries are written in log order; a repeat would count one record twice.
                return new Check.Invalid("record " + e.index() + " repeats or comes before record " + previous);
            }
            previous = e.index();
            AuditRecord record;
            try {
                record = AuditRecords.decode(e.value(), Map.of());
            } catch (WireFormatException ex) {
                return new Check.Invalid("record " + e.index() + ": " + ex.getMessage());
            }
            Optional<String> wrong = about.apply(record);
            if (wrong.isPresent()) {
                return new Check.Invalid("record " + e.index() + " " + wrong.get());
            }
            records.add(record);
        }
        return new Check.Valid(checkpoint, records);
    }

    public static byte[] toJson(MessageProof proof) {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("messageId", proof.messageId());
        writeProven(root, proof.checkpoint(), proof.entries());
        return pretty(root);
    }

    /** @throws IllegalArgumentException when the file is not a well-formed proof */
    public static MessageProof parse(byte[] json) {
        JsonNode root = readFormat(json, FORMAT, "proof");
        try {
            return new MessageProof(root.required("messageId").asText(), readCheckpoint(root), readEntries(root));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed proof file: " + e.getMessage(), e);
        }
    }

    /** Writes the {@code checkpoint} object and the {@code entries} array: the shapes every proof file shares. */
    static void writeProven(ObjectNode root, PublishedCheckpoint checkpoint, List<MessageProof.ProvenEntry> proven) {
        root.putObject("checkpoint")
                .put("offset", checkpoint.offset())
                .put("publishedAt", checkpoint.published().at().toString())
                .put("timestampType", checkpoint.timestampType())
                .put("note", checkpoint.note());
        ArrayNode entries = root.putArray("entries");
        for (MessageProof.ProvenEntry p : proven) {
            ObjectNode n = entries.addObject()
                    .put("index", p.entry().index())
                    .put("offset", p.entry().offset())
                    .put("value", Base64.getEncoder().encodeToString(p.entry().value()));
            ArrayNode path = n.putArray("path");
            p.path().forEach(h -> path.add(Base64.getEncoder().encodeToString(h)));
        }
    }

    static byte[] pretty(ObjectNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a proof always serialises", e);
        }
    }

    /** The root object of a JSON file whose {@code format} is {@code format}; {@code what} names it in errors. */
    static JsonNode readFormat(byte[] json, String format, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " file is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !format.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("not a " + format + " file");
        }
        return root;
    }

    static PublishedCheckpoint readCheckpoint(JsonNode root) {
        JsonNode c = root.required("checkpoint");
        return new PublishedCheckpoint(
                c.required("offset").asLong(),
                PublishedCheckpoint.published(
                        c.path("timestampType").textValue(),
                        Instant.parse(c.required("publishedAt").asText())),
                c.required("note").asText());
    }

    static List<MessageProof.ProvenEntry> readEntries(JsonNode root) {
        List<MessageProof.ProvenEntry> entries = new ArrayList<>();
        for (JsonNode n : root.required("entries")) {
            List<byte[]> path = new ArrayList<>();
            n.required("path").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
            entries.add(new MessageProof.ProvenEntry(
                    new AuditEntry(
                            n.required("index").asLong(),
                            n.required("offset").asLong(),
                            Base64.getDecoder().decode(n.required("value").asText())),
                    path));
        }
        return entries;
    }
}
