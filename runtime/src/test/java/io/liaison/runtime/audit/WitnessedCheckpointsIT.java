package io.liaison.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.audit.LogTree;
import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.AddCheckpoint;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.checkpoint.Witness;
import io.liaison.audit.export.AuditExport;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.testing.TestPki;
import io.liaison.witness.WitnessConfig;
import io.liaison.witness.WitnessServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 1, on a real broker: the checkpointer submits every checkpoint to the oversight
 * board's witness over HTTP and publishes it with the cosignature, so {@code audit verify
 * --require-witness} holds; a witness that was shown another history at the same size (a split
 * view) refuses, and the checkpointer publishes without claiming its cosignature and reports
 * DEGRADED with the witness's answer.
 */
class WitnessedCheckpointsIT {
    private static final String ORIGIN = "liaison.test/witnessed";
    private static final String WITNESS_NAME = "oversight.test/witness";

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki("Witnessed Test Root");
    private final SigningIdentity backbone = pki.backbone();
    private final SigningIdentity witnessKey = pki.issue("oversight", KeyRole.WITNESS);
    private final TrustStore trust = pki.trust();
    private WitnessServer witness;

    @BeforeEach
    void freshLogTopicsAndWitness() {
        HistoryRewriteAttackIT.recreateLogTopics();
        witness = WitnessServer.start(
                new WitnessConfig("127.0.0.1", 0, Optional.empty(), dir.resolve("witness")),
                witnessKey,
                WITNESS_NAME,
                new CheckpointVerifier(trust),
                Set.of(ORIGIN),
                Clock.systemUTC());
    }

    @AfterEach
    void stopWitness() {
        witness.close();
    }

    @Test
    void everyPublishedCheckpointCarriesTheWitnessCosignatureAndTheLatestVerifiesWithIt() {
        HistoryRewriteAttackIT.append("witnessed", 3);
        try (CheckpointPublisher checkpointer = checkpointer()) {
            checkpointer.start();
            awaitPublished(checkpointer, 3);
            HistoryRewriteAttackIT.append("more", 2);
            awaitPublished(checkpointer, 5);

            assertThat(checkpointer.health()).isEqualTo(new CheckpointPublisher.Health.Signing(5));
        }

        AuditExport log = HistoryRewriteAttackIT.read();
        assertThat(log.checkpoints())
                .isNotEmpty()
                .allSatisfy(p -> assertThat(opened(p).cosignatures())
                        .singleElement()
                        .satisfies(c -> {
                            assertThat(c.keyName()).isEqualTo(WITNESS_NAME);
                            assertThat(c.witness().owner()).isEqualTo("oversight");
                        }));
        VerificationResult result = verify(log);
        assertThat(result.problems()).isEmpty();
        assertThat(result.latest()).hasValueSatisfying(c -> assertThat(c.size()).isEqualTo(5));
        assertThat(result.latestCosignatures())
                .singleElement()
                .satisfies(c -> assertThat(c.witness().keyId()).isEqualTo(witnessKey.keyId()));
        assertThat(witness.witness().cosigned(ORIGIN))
                .hasValueSatisfying(c -> assertThat(c.size()).isEqualTo(5));
    }

    @Test
    void aWitnessShownAnotherHistoryRefusesAndTheCheckpointIsPublishedWithoutClaimingIt() {
        // a split view: someone with the backbone key showed the witness another history of size 3
        LogTree other = new LogTree();
        for (int i = 0; i < 3; i++) {
            other.append(("other " + i).getBytes(StandardCharsets.UTF_8));
        }
        String shown = CheckpointNotes.sign(new Checkpoint(ORIGIN, 3, other.root()), backbone, ORIGIN)
                .serialize();
        assertThat(witness.witness().add(new AddCheckpoint(0, List.of(), shown), Instant.now()))
                .isInstanceOf(Witness.Decision.Cosigned.class);
        HistoryRewriteAttackIT.append("real", 3);

        try (CheckpointPublisher checkpointer = checkpointer()) {
            checkpointer.start();
            awaitPublished(checkpointer, 3);

            assertThat(checkpointer.health())
                    .isEqualTo(new CheckpointPublisher.Health.Degraded(
                            3,
                            "witness " + witness.baseUrl() + "/add-checkpoint did not cosign: it cosigned another"
                                    + " root at size 3 (409): the log shows it a different history (a fork)"));
            assertThat(checkpointer.health().ready()).isFalse();
        }

        AuditExport log = HistoryRewriteAttackIT.read();
        assertThat(log.checkpoints())
                .allSatisfy(p -> assertThat(opened(p).cosignatures())
                        .as("no cosignature claimed")
                        .isEmpty());
        VerificationResult result = verify(log);
        assertThat(result.problems())
                .as("the backbone's signature still verifies")
                .isEmpty();
        assertThat(result.latestCosignatures())
                .as("what --require-witness fails on")
                .isEmpty();
    }

    private CheckpointPublisher checkpointer() {
        return new CheckpointPublisher(
                new CheckpointPublisher.Settings(
                        SharedKafka.get().bootstrapServers(),
                        ORIGIN,
                        1,
                        Duration.ofMillis(200),
                        HistoryRewriteAttackIT.login(),
                        dir.resolve("checkpointer/last-checkpoint.note")),
                backbone,
                Clock.systemUTC(),
                new Witnesses(List.of(URI.create(witness.baseUrl())), new CheckpointVerifier(trust), Optional.empty()));
    }

    private static void awaitPublished(CheckpointPublisher checkpointer, long size) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> checkpointer.lastPublished().map(Checkpoint::size).orElse(0L) == size);
    }

    private CheckpointVerifier.Result.Verified opened(PublishedCheckpoint p) {
        return (CheckpointVerifier.Result.Verified) new CheckpointVerifier(trust).verify(p.note(), p.published());
    }

    private VerificationResult verify(AuditExport log) {
        LogVerifier verifier = new LogVerifier(log.checkpoints(), new CheckpointVerifier(trust), log.writerSchemas());
        log.records().forEach(verifier::accept);
        return verifier.finish();
    }
}
