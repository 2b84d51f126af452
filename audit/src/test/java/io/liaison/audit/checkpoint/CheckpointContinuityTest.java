package io.liaison.audit.checkpoint;

import static io.liaison.audit.AuditFixtures.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.LogTree;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CheckpointContinuityTest {
    private static LogTree tree(String prefix, int n) {
        LogTree tree = new LogTree();
        for (int i = 0; i < n; i++) {
            tree.append((prefix + i).getBytes());
        }
        return tree;
    }

    private static final LogTree SIGNED = tree("r", 4);
    private static final Checkpoint KEPT = new Checkpoint(ORIGIN, 4, SIGNED.root());

    @Test
    void aShorterTreeIsUndecidedUntilTheLogHasBeenReadToItsEnd() {
        assertThat(CheckpointContinuity.check(KEPT, "the kept checkpoint", tree("r", 3), false))
                .isEqualTo(new CheckpointContinuity.Verdict.Pending());
    }

    @Test
    void aLogThatGrewFromTheKeptCheckpointExtendsIt() {
        assertThat(CheckpointContinuity.check(KEPT, "the kept checkpoint", tree("r", 4), true))
                .isEqualTo(new CheckpointContinuity.Verdict.Extends());
        assertThat(CheckpointContinuity.check(KEPT, "the kept checkpoint", tree("r", 9), false))
                .isEqualTo(new CheckpointContinuity.Verdict.Extends());
    }

    @Test
    void aLogShorterThanTheKeptCheckpointAtItsEndIsBrokenNamingBothSizes() {
        assertThat(CheckpointContinuity.check(KEPT, "the kept checkpoint", tree("r", 3), true))
                .isEqualTo(new CheckpointContinuity.Verdict.Broken(
                        "the audit log holds 3 records, fewer than the 4 of the kept checkpoint (root "
                                + KEPT.rootHex()
                                + "): records were removed, or the topic was deleted and recreated"));
    }

    @Test
    void aLogWithAnotherRootAtTheKeptSizeIsBrokenNamingBothRoots() {
        LogTree recreated = tree("other", 6);

        assertThat(CheckpointContinuity.check(KEPT, "the kept checkpoint", recreated, false))
                .isEqualTo(
                        new CheckpointContinuity.Verdict.Broken(
                                "the audit log's root at size 4 is "
                                        + HexFormat.of().formatHex(recreated.root(4)) + ", not the root "
                                        + KEPT.rootHex()
                                        + " of the kept checkpoint: its first 4 records were changed, or the topic was deleted and recreated"));
    }
}
