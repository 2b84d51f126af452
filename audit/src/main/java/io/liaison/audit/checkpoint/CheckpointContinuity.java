package io.liaison.audit.checkpoint;

import io.liaison.audit.LogTree;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Whether a tree rebuilt from the log still extends a checkpoint someone kept: the last one the
 * checkpointer signed (before it signs again after a restart) or one an auditor pinned (before
 * {@code audit verify} accepts the log). Without it, deleting and recreating the audit topic
 * restarts history silently: the checkpointer rebuilds from offset 0 and signs whatever it finds,
 * and a verifier finds a log consistent with its own new checkpoints. Pure: the caller says
 * whether it has read the log to its end.
 */
public final class CheckpointContinuity {
    private CheckpointContinuity() {}

    /** What the tree read so far says about the kept checkpoint. */
    public sealed interface Verdict {
        /** The tree is shorter than the kept checkpoint and the log may hold more: read on, decide nothing. */
        record Pending() implements Verdict {}

        /** The tree at the kept size has the kept root: the log extends it. */
        record Extends() implements Verdict {}

        /** The log does not extend the kept checkpoint; the reason names sizes and roots. */
        record Broken(String reason) implements Verdict {}
    }

    /**
     * @param kept      the checkpoint that must be a prefix of the log
     * @param keptBy    how messages name it, e.g. {@code "the trusted checkpoint"}
     * @param tree      the tree rebuilt from the log so far
     * @param readToEnd whether the log has been read to its end (a shorter tree is then final)
     */
    public static Verdict check(Checkpoint kept, String keptBy, LogTree tree, boolean readToEnd) {
        if (tree.size() < kept.size()) {
            if (!readToEnd) {
                return new Verdict.Pending();
            }
            return new Verdict.Broken("the audit log holds " + tree.size() + " records, fewer than the " + kept.size()
                    + " of " + keptBy + " (root " + kept.rootHex()
                    + "): records were removed, or the topic was deleted and recreated");
        }
        byte[] found = tree.root(kept.size());
        if (!MessageDigest.isEqual(found, kept.rootHash())) {
            return new Verdict.Broken("the audit log's root at size " + kept.size() + " is "
                    + HexFormat.of().formatHex(found) + ", not the root " + kept.rootHex() + " of " + keptBy
                    + ": its first " + kept.size()
                    + " records were changed, or the topic was deleted and recreated");
        }
        return new Verdict.Extends();
    }
}
