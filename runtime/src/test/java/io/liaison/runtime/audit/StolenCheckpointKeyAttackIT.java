package io.liaison.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.audit.LogTree;
import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.WireFormat;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.testing.TestPki;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review, issue 15 finding 6, for checkpoints, on a real broker: a thief with the
 * backbone's checkpoint key, revoked at T, signs a checkpoint of a rewritten log and publishes it
 * with a record timestamp a day before T. The checkpoints topic stamps the broker's append time
 * over it, and {@code audit verify}'s logic ({@link KafkaAuditSource}, {@link LogVerifier}) judges
 * the key at that time: the forged checkpoint is rejected, the honest one published before T
 * still verifies.
 */
class StolenCheckpointKeyAttackIT {
    private static final String ORIGIN = "liaison.test/stolen-key";
    private static final int SCHEMA_ID = 1;

    @Test
    void aCheckpointSignedWithARevokedKeyAndABackdatedTimestampFailsVerification(@TempDir Path state) throws Exception {
        String bootstrap = SharedKafka.get().bootstrapServers();
        try (Admin admin = Admin.create(SharedKafka.get().adminClientProperties())) {
            new ClusterAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(TopicPlan.embedded().topics(List.of()));
        }
        TestPki pki = new TestPki("Checkpoint Test Root");
        SigningIdentity backbone = pki.backbone();
        TrustStore trust = pki.trust();
        Instant revokedAt;
        // every client logs in as the shared broker's super user, over TLS
        Map<String, Object> producerProps = SharedKafka.get().adminClientProperties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.AUDIT, WireFormat.encode(record(i), SCHEMA_ID)))
                        .get();
            }
            long logged = read(bootstrap).records().size();

            // the honest checkpointer covers the log
            try (CheckpointPublisher checkpointer = new CheckpointPublisher(
                    new CheckpointPublisher.Settings(
                            bootstrap, ORIGIN, 1, Duration.ofMillis(200), login(), state.resolve("last.note")),
                    backbone,
                    Clock.systemUTC())) {
                checkpointer.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> checkpointer
                                        .lastPublished()
                                        .map(Checkpoint::size)
                                        .orElse(0L)
                                >= logged);
            }

            // the key is found stolen and revoked at T, the next whole second; then the thief publishes a rewritten
            // log's checkpoint, backdated
            revokedAt = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            trust.revoke(backbone.keyId(), revokedAt, "key-compromise");
            Instant revoked = revokedAt;
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(revoked));
            LogTree rewritten = new LogTree();
            for (long i = 0; i < logged; i++) {
                rewritten.append(("rewritten-" + i).getBytes(StandardCharsets.UTF_8));
            }
            String forged = CheckpointNotes.sign(new Checkpoint(ORIGIN, logged, rewritten.root()), backbone, ORIGIN)
                    .serialize();
            Instant backdated = revokedAt.minus(Duration.ofDays(1));
            producer.send(new ProducerRecord<>(
                            Topics.CHECKPOINTS,
                            null,
                            backdated.toEpochMilli(),
                            ORIGIN.getBytes(StandardCharsets.UTF_8),
                            forged.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }

        AuditExport log = read(bootstrap);
        PublishedCheckpoint forgery = log.checkpoints().get(log.checkpoints().size() - 1);
        assertThat(forgery.published())
                .isInstanceOfSatisfying(
                        RecordTime.LogAppend.class,
                        t -> assertThat(t.at())
                                .as("stamped by the broker, not the thief")
                                .isAfterOrEqualTo(revokedAt));

        LogVerifier verifier = new LogVerifier(log.checkpoints(), new CheckpointVerifier(trust), log.writerSchemas());
        log.records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();

        assertThat(result.ok()).isFalse();
        assertThat(result.checkpointsVerified())
                .as("the honest checkpoints, published before the revocation")
                .isPositive();
        assertThat(result.problems()).anySatisfy(p -> {
            assertThat(p.index()).isEqualTo(VerificationResult.Problem.CHECKPOINT);
            assertThat(p.detail())
                    .isEqualTo("checkpoint at offset " + forgery.offset() + " rejected: backbone key "
                            + backbone.keyId() + " was revoked at " + revokedAt + ", before it signed at "
                            + forgery.published().at());
        });
    }

    /** The shared broker's super user login, over TLS. */
    private static Properties login() {
        Properties p = new Properties();
        p.putAll(SharedKafka.get().adminConnection().properties());
        return p;
    }

    /** The audit and checkpoints topics as {@code liaison audit verify} reads them. */
    private static AuditExport read(String bootstrap) {
        return new KafkaAuditSource(TopicReader.consumerProperties(bootstrap, login()))
                .read(Map.of(SCHEMA_ID, AuditRecord.getClassSchema()), (done, total) -> {});
    }

    private static AuditRecord record(int i) {
        return AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(Instant.now())
                .setDecision(AuditDecision.DENIED)
                .setMessageId("msg-" + i)
                .setMessageType("IncidentReport")
                .setClassification("CUI")
                .setSender("cpd")
                .setRecipient("ice")
                .setPolicyVersion("v1")
                .setRuleIds(List.of("default-deny"))
                .setFieldActions(List.of())
                .setReasonCode("default-deny")
                .setOriginalDigest(ByteBuffer.wrap(Digests.sha256(("original-" + i).getBytes(StandardCharsets.UTF_8))))
                .setReleasingComponent("liaison-streams@test")
                .setMethod("kafka-inbox")
                .build();
    }
}
