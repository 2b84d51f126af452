package io.liaison.audit;

import static io.liaison.audit.AuditFixtures.BACKBONE;
import static io.liaison.audit.AuditFixtures.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.kernel.trust.RecordTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code audit verify --trusted-checkpoint}: the log must extend a checkpoint the auditor kept. */
class TrustedCheckpointTest {
    private static final AuditExport LOG = AuditFixtures.signedLog(12, 4);
    /** The auditor's copy of the checkpoint of size 8, as published. */
    private static final String KEPT = LOG.checkpoints().get(1).note();

    private static VerificationResult verifyPinned(String kept, AuditExport log, CheckpointVerifier verifier) {
        LogVerifier v = LogVerifier.pinnedTo(kept, log.checkpoints(), verifier, log.writerSchemas());
        log.records().forEach(v::accept);
        return v.finish();
    }

    /**
     * What an admin who deleted and recreated the topics has: other records (here record i+3 at
     * position i) and checkpoints of their own, signed by the genuine checkpointer.
     */
    private static AuditExport recreated(int n) {
        List<AuditEntry> entries = AuditFixtures.entries(n + 3);
        List<AuditEntry> records = new ArrayList<>();
        List<PublishedCheckpoint> checkpoints = new ArrayList<>();
        LogTree tree = new LogTree();
        for (int i = 0; i < n; i++) {
            AuditEntry e = entries.get(i + 3);
            records.add(new AuditEntry(i, i, e.value()));
            tree.append(e.value());
            checkpoints.add(AuditFixtures.checkpoint(checkpoints.size(), tree));
        }
        return new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), checkpoints, records);
    }

    @Test
    void aLogThatGrewFromTheKeptCheckpointVerifies() {
        VerificationResult result = verifyPinned(KEPT, LOG, AuditFixtures.verifier());

        assertThat(result.problems()).isEmpty();
        assertThat(result.checkpointsVerified()).isEqualTo(3);
    }

    @Test
    void aRecreatedLogThatVerifiesOnItsOwnFailsAgainstTheKeptCheckpoint() {
        AuditExport recreated = recreated(10);
        LogTree tree = new LogTree();
        recreated.records().stream().limit(8).forEach(e -> tree.append(e.value()));

        assertThat(AuditFixtures.verify(recreated).problems())
                .as("without the kept checkpoint the new history verifies")
                .isEmpty();
        VerificationResult result = verifyPinned(KEPT, recreated, AuditFixtures.verifier());

        assertThat(result.ok()).isFalse();
        assertThat(result.firstProblem())
                .contains(
                        new VerificationResult.Problem(
                                0,
                                "the audit log's root at size 8 is "
                                        + HexFormat.of().formatHex(tree.root())
                                        + ", not the root " + checkpoint(KEPT).rootHex()
                                        + " of the trusted checkpoint: its first 8 records were changed, or the topic was deleted and recreated"));
    }

    @Test
    void aLogShorterThanTheKeptCheckpointFailsNamingBothSizes() {
        VerificationResult result = verifyPinned(KEPT, recreated(5), AuditFixtures.verifier());

        assertThat(result.problems())
                .contains(new VerificationResult.Problem(
                        0,
                        "the audit log holds 5 records, fewer than the 8 of the trusted checkpoint (root "
                                + checkpoint(KEPT).rootHex()
                                + "): records were removed, or the topic was deleted and recreated"));
    }

    @Test
    void theOriginIsTheKeptCheckpointsNotTheFirstOneRead() {
        LogTree tree = new LogTree();
        LOG.records().forEach(e -> tree.append(e.value()));
        String otherOrigin = "liaison.test/other";
        String foreign = CheckpointNotes.sign(new Checkpoint(otherOrigin, 12, tree.root()), BACKBONE, otherOrigin)
                .serialize();
        List<PublishedCheckpoint> checkpoints = new ArrayList<>();
        checkpoints.add(new PublishedCheckpoint(0, new RecordTime.LogAppend(AuditFixtures.T0), foreign));
        checkpoints.addAll(LOG.checkpoints());
        AuditExport log = new AuditExport(LOG.exportedAt(), LOG.writerSchemas(), checkpoints, LOG.records());

        VerificationResult result = verifyPinned(KEPT, log, AuditFixtures.verifier());

        assertThat(result.problems())
                .containsExactly(new VerificationResult.Problem(
                        VerificationResult.Problem.CHECKPOINT,
                        "checkpoint at offset 0 is for origin '" + otherOrigin + "', not '" + ORIGIN + "'"));
    }

    @Test
    void aKeptCheckpointWithoutATrustedBackboneSignatureIsRejected() {
        LogTree tree = new LogTree();
        LOG.records().stream().limit(8).forEach(e -> tree.append(e.value()));
        String forged = CheckpointNotes.sign(
                        new Checkpoint(ORIGIN, 8, tree.root()), AuditFixtures.randomIdentity("backbone"), ORIGIN)
                .serialize();

        VerificationResult result = verifyPinned(forged, LOG, AuditFixtures.verifier());

        assertThat(result.problems())
                .containsExactly(
                        new VerificationResult.Problem(
                                VerificationResult.Problem.CHECKPOINT,
                                "the trusted checkpoint is rejected: no signature by a trusted backbone key on checkpoint of size 8"));
    }

    @Test
    void aKeptCheckpointStillPinsTheLogAfterItsKeyIsRevoked() {
        // the copy carries no broker time; the auditor vouched for it when keeping it
        CheckpointVerifier revoked = new CheckpointVerifier(
                AuditFixtures.trust().revoke(BACKBONE.keyId(), AuditFixtures.T0.minusSeconds(1), "superseded"));

        assertThat(revoked.verifyKept(KEPT)).isInstanceOf(CheckpointVerifier.Result.Verified.class);
    }

    private static Checkpoint checkpoint(String note) {
        return ((CheckpointVerifier.Result.Verified) AuditFixtures.verifier().verifyKept(note)).checkpoint();
    }
}
