package io.liaison.audit.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.audit.AuditEntry;
import io.liaison.audit.AuditRecords;
import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.schemas.audit.AuditRecord;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Builds, serialises and checks {@link AgencySlice}s. The file is {@code liaison-audit-slice/1},
 * the proof file's {@code checkpoint} and {@code entries} shapes ({@link MessageProofs}) under an
 * agency instead of a message id:
 *
 * <pre>
 * {"format":"liaison-audit-slice/1","agency":"police",
 *  "checkpoint":{"offset":12,"publishedAt":"...","note":"&lt;signed note&gt;"},
 *  "entries":[{"index":4,"offset":9,"value":"&lt;base64&gt;","path":["&lt;base64 hash&gt;", ...]}]}
 * </pre>
 *
 * <p>A slice proves that each of its records is in the log under the checkpoint. It does not
 * prove that no record concerning the agency was left out: that would need the other agencies'
 * records. An agency that wants completeness too audits the full export ({@code audit verify}).
 */
public final class AgencySlices {
    public static final String FORMAT = "liaison-audit-slice/1";

    private AgencySlices() {}

    /**
     * Whether a record concerns {@code agency}: the agency sent the message or was its recipient.
     * Nothing else counts. A record naming neither (another agency's quarantine, denial or
     * delivery, or a record with no sender and no recipient) stays out of the slice: it is that
     * agency's business, and the slice is what one agency may see.
     */
    public static boolean concerns(AuditRecord record, String agency) {
        return agency.equals(record.getSender()) || agency.equals(record.getRecipient());
    }

    /**
     * Selects the records of the full, ordered {@code log} that concern {@code agency} and are
     * covered by the verified {@code checkpoint}, and proves each against it.
     *
     * @param log           the whole log from index 0, at least {@code checkpoint.size()} records
     * @param writerSchemas writer schemas by id, to decode the records (may be empty)
     * @param checkpoint    the checkpoint, already verified, that {@code published} carries
     * @throws IllegalArgumentException when the log is shorter than the checkpoint or its tree at
     *     the checkpoint's size does not have the checkpoint's root
     */
    public static AgencySlice build(
            String agency,
            List<AuditEntry> log,
            Map<Integer, Schema> writerSchemas,
            Checkpoint checkpoint,
            PublishedCheckpoint published) {
        Objects.requireNonNull(agency, "agency");
        if (log.size() < checkpoint.size()) {
            throw new IllegalArgumentException(
                    "the log holds " + log.size() + " records, fewer than the checkpoint's size " + checkpoint.size());
        }
        List<AuditEntry> covered = log.subList(0, (int) checkpoint.size());
        LogTree tree = new LogTree();
        covered.forEach(e -> tree.append(e.value()));
        if (!Arrays.equals(tree.root(), checkpoint.rootHash())) {
            throw new IllegalArgumentException("the log's first " + checkpoint.size()
                    + " records do not have the checkpoint's root " + checkpoint.rootHex());
        }
        List<MessageProof.ProvenEntry> proven = new ArrayList<>();
        for (AuditEntry e : covered) {
            if (concerns(AuditRecords.decode(e.value(), writerSchemas), agency)) {
                proven.add(new MessageProof.ProvenEntry(e, tree.inclusionProof(e.index(), checkpoint.size())));
            }
        }
        return new AgencySlice(agency, published, proven);
    }

    /**
     * Checks the checkpoint's signature with the trusted keys, every inclusion path against its
     * root, that the entries are in log order without repeats, and that every record concerns the
     * slice's agency. The first failure names the record.
     */
    public static MessageProofs.Check check(AgencySlice slice, CheckpointVerifier verifier) {
        if (slice.entries().isEmpty()) {
            return new MessageProofs.Check.Invalid("the slice names no audit record");
        }
        return MessageProofs.check(
                slice.checkpoint(),
                slice.entries(),
                verifier,
                record -> concerns(record, slice.agency())
                        ? Optional.empty()
                        : Optional.of("does not concern agency " + slice.agency() + " (sender " + record.getSender()
                                + ", recipient " + record.getRecipient() + ")"));
    }

    public static byte[] toJson(AgencySlice slice) {
        ObjectNode root =
                JsonNodeFactory.instance.objectNode().put("format", FORMAT).put("agency", slice.agency());
        MessageProofs.writeProven(root, slice.checkpoint(), slice.entries());
        return MessageProofs.pretty(root);
    }

    /** @throws IllegalArgumentException when the file is not a well-formed slice */
    public static AgencySlice parse(byte[] json) {
        JsonNode root = MessageProofs.readFormat(json, FORMAT, "slice");
        try {
            return new AgencySlice(
                    root.required("agency").asText(),
                    MessageProofs.readCheckpoint(root),
                    MessageProofs.readEntries(root));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed slice file: " + e.getMessage(), e);
        }
    }
}
