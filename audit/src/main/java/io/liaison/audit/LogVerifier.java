package io.liaison.audit;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointContinuity;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.registry.WireFormatException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Recomputes the tree from the records in log order and holds it against every signed checkpoint:
 * each note must carry a valid backbone signature, each root must equal the recomputed root at its
 * size, successive checkpoints must be consistent (RFC 9162 proof between their signed roots), no
 * checkpoint may claim more records than the log has, and every record must decode as an
 * AuditRecord. Records stream through {@link #accept}, so memory is the tree (64 bytes per record),
 * not the log.
 *
 * <p>A changed, removed, inserted or reordered record changes the root of every checkpoint at or
 * after it, so it is located between the last checkpoint that still matches and the first that
 * does not: checkpoint more often to locate it more tightly.
 *
 * <p>The checkpoints on the topic cannot show that the log was replaced whole: an admin who deletes
 * and recreates the audit and checkpoints topics gets a new log with checkpoints of its own. A
 * verifier {@link #pinnedTo pinned to} a checkpoint the auditor kept also requires the log to
 * extend that one, and takes the log's origin from it rather than from the first checkpoint read.
 */
public final class LogVerifier {
    private final LogTree tree = new LogTree();
    private final Map<Integer, Schema> writerSchemas;
    private final Deque<Checkpoint> pending = new ArrayDeque<>();
    private final List<VerificationResult.Problem> problems = new ArrayList<>();
    private long lastOffset = -1;
    private Checkpoint lastGood;
    private int verified;
    private int witnessed;
    /** Verified cosignatures per checkpoint, merged over every copy published of it. */
    private final Map<Checkpoint, List<CheckpointVerifier.Cosignature>> cosignatures = new HashMap<>();
    /** The checkpoint the auditor kept, until the tree has been held against it; null when none or done. */
    private Checkpoint trusted;

    /**
     * @param checkpoints   checkpoints in publication order
     * @param verifier      opens checkpoint notes with the trusted keys
     * @param writerSchemas writer schemas by id, from the export; may be empty
     */
    public LogVerifier(
            List<PublishedCheckpoint> checkpoints, CheckpointVerifier verifier, Map<Integer, Schema> writerSchemas) {
        this(null, checkpoints, verifier, writerSchemas);
    }

    /**
     * A verifier that also requires the log to extend {@code trustedNote}, a signed checkpoint the
     * auditor kept ({@link CheckpointVerifier#verifyKept}): the log must hold at least its size
     * and have its root at that size, and every checkpoint must be for its origin.
     */
    public static LogVerifier pinnedTo(
            String trustedNote,
            List<PublishedCheckpoint> checkpoints,
            CheckpointVerifier verifier,
            Map<Integer, Schema> writerSchemas) {
        return new LogVerifier(trustedNote, checkpoints, verifier, writerSchemas);
    }

    private LogVerifier(
            String trustedNote,
            List<PublishedCheckpoint> checkpoints,
            CheckpointVerifier verifier,
            Map<Integer, Schema> writerSchemas) {
        this.writerSchemas = Map.copyOf(writerSchemas);
        List<Checkpoint> opened = new ArrayList<>();
        String origin = null;
        if (trustedNote != null) {
            CheckpointVerifier.Result kept = verifier.verifyKept(trustedNote);
            if (kept instanceof CheckpointVerifier.Result.Verified v) {
                trusted = v.checkpoint();
                origin = trusted.origin();
            } else {
                problems.add(new VerificationResult.Problem(
                        VerificationResult.Problem.CHECKPOINT,
                        "the trusted checkpoint is rejected: " + ((CheckpointVerifier.Result.Rejected) kept).reason()));
            }
        }
        for (PublishedCheckpoint published : checkpoints) {
            CheckpointVerifier.Result result = verifier.verify(published.note(), published.published());
            if (result instanceof CheckpointVerifier.Result.Rejected r) {
                problems.add(new VerificationResult.Problem(
                        VerificationResult.Problem.CHECKPOINT,
                        "checkpoint at offset " + published.offset() + " rejected: " + r.reason()));
                continue;
            }
            CheckpointVerifier.Result.Verified v = (CheckpointVerifier.Result.Verified) result;
            Checkpoint checkpoint = v.checkpoint();
            if (origin == null) {
                origin = checkpoint.origin();
            } else if (!origin.equals(checkpoint.origin())) {
                problems.add(new VerificationResult.Problem(
                        VerificationResult.Problem.CHECKPOINT,
                        "checkpoint at offset " + published.offset() + " is for origin '" + checkpoint.origin()
                                + "', not '" + origin + "'"));
                continue;
            }
            opened.add(checkpoint);
            if (!v.cosignatures().isEmpty()) {
                cosignatures.computeIfAbsent(checkpoint, c -> new ArrayList<>()).addAll(v.cosignatures());
            }
        }
        opened.sort(Comparator.comparingLong(Checkpoint::size));
        pending.addAll(opened);
        checkDueCheckpoints();
    }

    /** Feeds the next record; records must arrive in log order. */
    public void accept(AuditEntry entry) {
        long index = tree.size();
        if (entry.index() != index) {
            problems.add(new VerificationResult.Problem(
                    index, "record at position " + index + " is labelled index " + entry.index()));
        }
        if (entry.offset() <= lastOffset) {
            problems.add(new VerificationResult.Problem(
                    index,
                    "record " + index + " has offset " + entry.offset() + ", not after the previous offset "
                            + lastOffset));
        }
        lastOffset = entry.offset();
        try {
            AuditRecords.decode(entry.value(), writerSchemas);
        } catch (WireFormatException e) {
            problems.add(new VerificationResult.Problem(
                    index, "record " + index + " (offset " + entry.offset() + ") " + e.getMessage()));
        }
        tree.append(entry.value());
        checkDueCheckpoints();
    }

    public VerificationResult finish() {
        long size = tree.size();
        for (Checkpoint c : pending) {
            problems.add(new VerificationResult.Problem(
                    size,
                    "checkpoint of size " + c.size() + " (root " + c.rootHex() + ") covers more records than the "
                            + size + " present: records from index " + size + " are missing"));
        }
        pending.clear();
        checkTrusted(true);
        long attested = lastGood == null ? 0 : lastGood.size();
        List<CheckpointVerifier.Cosignature> latestCosignatures =
                lastGood == null ? List.of() : cosignatures.getOrDefault(lastGood, List.of());
        return new VerificationResult(
                size,
                verified,
                witnessed,
                Optional.ofNullable(lastGood),
                latestCosignatures,
                size - attested,
                problems);
    }

    /** The tree recomputed so far; callers use it for proofs once verification succeeded. */
    public LogTree tree() {
        return tree;
    }

    private void checkDueCheckpoints() {
        while (!pending.isEmpty() && pending.peekFirst().size() <= tree.size()) {
            check(pending.removeFirst());
        }
        checkTrusted(false);
    }

    /**
     * Holds the tree against the auditor's checkpoint once it can decide. Index 0: the kept
     * checkpoint vouches for nothing shorter, so every record up to its size is in doubt.
     */
    private void checkTrusted(boolean readToEnd) {
        if (trusted == null) {
            return;
        }
        CheckpointContinuity.Verdict verdict =
                CheckpointContinuity.check(trusted, "the trusted checkpoint", tree, readToEnd);
        if (verdict instanceof CheckpointContinuity.Verdict.Pending) {
            return;
        }
        if (verdict instanceof CheckpointContinuity.Verdict.Broken b) {
            problems.add(new VerificationResult.Problem(0, b.reason()));
        }
        trusted = null;
    }

    private void check(Checkpoint checkpoint) {
        long from = lastGood == null ? 0 : lastGood.size();
        if (!MessageDigest.isEqual(tree.root(checkpoint.size()), checkpoint.rootHash())) {
            problems.add(new VerificationResult.Problem(
                    from,
                    "root of checkpoint of size " + checkpoint.size()
                            + " differs from the recomputed root: a record in [" + from + ", " + checkpoint.size()
                            + ") was changed, removed, inserted or reordered"));
            return;
        }
        if (lastGood != null
                && !LogTree.verifyConsistency(
                        lastGood.size(),
                        checkpoint.size(),
                        lastGood.rootHash(),
                        checkpoint.rootHash(),
                        tree.consistencyProof(lastGood.size(), checkpoint.size()))) {
            problems.add(new VerificationResult.Problem(
                    from,
                    "checkpoint of size " + checkpoint.size() + " is not consistent with the checkpoint of size "
                            + lastGood.size()));
            return;
        }
        verified++;
        if (cosignatures.containsKey(checkpoint)) {
            witnessed++;
        }
        lastGood = checkpoint;
    }
}
