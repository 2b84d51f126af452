package io.liaison.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.audit.LogTree;
import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.AddCheckpoint;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.checkpoint.SignedNote;
import io.liaison.audit.checkpoint.Witness;
import io.liaison.audit.export.AuditExport;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.TopicSpec;
import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 2, on a real broker: no silent restart of history. An insider with admin rights
 * deletes and recreates the {@code audit} and {@code checkpoints} topics, writes other records and
 * restarts the checkpointer. Before the fix it rebuilt from offset 0 and signed the new log, which
 * then verified. Now the checkpointer, holding its last signed checkpoint in its state file,
 * refuses; a witness that cosigned the old checkpoint refuses the new one; and {@code audit verify}
 * pinned to the checkpoint the auditor kept fails, even once a checkpointer without that memory
 * has signed the new log so that it verifies on its own. The control: without the rewrite a
 * restarted checkpointer continues and the pinned verification passes.
 */
class HistoryRewriteAttackIT {
    private static final String ORIGIN = "liaison.test/history";
    private static final String WITNESS_NAME = "oversight.test/witness";
    private static final int SCHEMA_ID = 1;
    private static final Set<String> LOG_TOPICS = Set.of(Topics.AUDIT, Topics.CHECKPOINTS);

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki("History Test Root");
    private final SigningIdentity backbone = pki.backbone();
    private final SigningIdentity witnessKey = pki.issue("oversight", KeyRole.WITNESS);
    private final TrustStore trust = pki.trust();

    /** Fresh log topics for each test (shared with WitnessedCheckpointsIT): their names are fixed, so only recreating them gives that. */
    @BeforeEach
    void freshLogTopics() {
        recreateLogTopics();
    }

    @Test
    void afterTheLogTopicsAreRecreatedTheCheckpointerTheWitnessAndThePinnedVerifyAllRefuse() {
        Path state = dir.resolve("checkpointer/last-checkpoint.note");
        LogTree original = append("before", 3);
        try (CheckpointPublisher checkpointer = checkpointer(state)) {
            checkpointer.start();
            awaitSigned(checkpointer, 3);
        }
        PublishedCheckpoint kept = lastCheckpoint(read());
        Witness witness =
                new Witness(witnessKey, WITNESS_NAME, new CheckpointVerifier(trust), Set.of(ORIGIN), Map.of(), n -> {});
        assertThat(witness.add(new AddCheckpoint(0, List.of(), kept.note()), Instant.now()))
                .isInstanceOf(Witness.Decision.Cosigned.class);

        // the insider: delete and recreate both topics, write another history, restart everything
        recreateLogTopics();
        LogTree rewritten = append("after", 5);
        String rootFound = HexFormat.of().formatHex(rewritten.root(3));
        String rootSigned = HexFormat.of().formatHex(original.root());
        try (CheckpointPublisher restarted = checkpointer(state)) {
            restarted.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> restarted.health() instanceof CheckpointPublisher.Health.Refused);

            assertThat(restarted.health())
                    .isEqualTo(new CheckpointPublisher.Health.Refused("the audit log's root at size 3 is " + rootFound
                            + ", not the root " + rootSigned
                            + " of the last checkpoint signed: its first 3 records were changed, or the topic was"
                            + " deleted and recreated (state " + state
                            + "; to start a new history on purpose, move it aside and restart)"));
            assertThat(restarted.health().healthy()).isFalse();
            assertThat(restarted.health().ready()).isFalse();
            assertThat(read().checkpoints()).as("nothing signed").isEmpty();
            assertThat(state).as("the state is left as it was").hasContent(kept.note());
        }

        // a checkpointer without that memory (the state discarded too) signs the new log, which verifies alone
        try (CheckpointPublisher forgetful = checkpointer(dir.resolve("fresh.note"))) {
            forgetful.start();
            awaitSigned(forgetful, 5);
        }
        AuditExport log = read();
        PublishedCheckpoint recreated = lastCheckpoint(log);
        assertThat(verify(new LogVerifier(log.checkpoints(), new CheckpointVerifier(trust), log.writerSchemas()), log)
                        .problems())
                .as("unpinned, the new history verifies: the attack before the fix")
                .isEmpty();

        assertThat(witness.add(new AddCheckpoint(3, rewritten.consistencyProof(3, 5), recreated.note()), Instant.now()))
                .isEqualTo(new Witness.Decision.Refused(
                        Witness.Refusal.INCONSISTENT,
                        "checkpoint of size 5 is not consistent with the last cosigned checkpoint of size 3 (root "
                                + rootSigned + ")",
                        3));

        VerificationResult pinned = verify(
                LogVerifier.pinnedTo(
                        kept.note(), log.checkpoints(), new CheckpointVerifier(trust), log.writerSchemas()),
                log);
        assertThat(pinned.ok()).isFalse();
        assertThat(pinned.firstProblem())
                .contains(new VerificationResult.Problem(
                        0,
                        "the audit log's root at size 3 is " + rootFound + ", not the root " + rootSigned
                                + " of the trusted checkpoint: its first 3 records were changed, or the topic was"
                                + " deleted and recreated"));
    }

    @Test
    void withoutARewriteARestartedCheckpointerContinuesAndThePinnedVerifyPasses() {
        Path state = dir.resolve("checkpointer/last-checkpoint.note");
        append("before", 3);
        try (CheckpointPublisher checkpointer = checkpointer(state)) {
            checkpointer.start();
            awaitSigned(checkpointer, 3);
        }
        PublishedCheckpoint kept = lastCheckpoint(read());
        assertThat(state).as("the state holds the last published note").hasContent(kept.note());

        append("later", 2);
        try (CheckpointPublisher restarted = checkpointer(state)) {
            restarted.start();
            awaitSigned(restarted, 5);

            assertThat(restarted.health()).isEqualTo(new CheckpointPublisher.Health.Signing(5));
            assertThat(restarted.health().ready()).isTrue();
        }

        AuditExport log = read();
        assertThat(log.checkpoints().stream()
                        .map(c -> Checkpoint.parse(SignedNote.parse(c.note()).text())
                                .size()))
                .as("a restart does not sign a size again")
                .isSorted()
                .doesNotHaveDuplicates();
        VerificationResult pinned = verify(
                LogVerifier.pinnedTo(
                        kept.note(), log.checkpoints(), new CheckpointVerifier(trust), log.writerSchemas()),
                log);
        assertThat(pinned.problems()).isEmpty();
        assertThat(pinned.latest()).hasValueSatisfying(c -> assertThat(c.size()).isEqualTo(5));
    }

    private CheckpointPublisher checkpointer(Path state) {
        return new CheckpointPublisher(
                new CheckpointPublisher.Settings(
                        SharedKafka.get().bootstrapServers(), ORIGIN, 1, Duration.ofMillis(200), login(), state),
                backbone,
                Clock.systemUTC());
    }

    private static void awaitSigned(CheckpointPublisher checkpointer, long size) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> checkpointer.lastPublished().map(Checkpoint::size).orElse(0L) == size);
    }

    private static VerificationResult verify(LogVerifier verifier, AuditExport log) {
        log.records().forEach(verifier::accept);
        return verifier.finish();
    }

    private static PublishedCheckpoint lastCheckpoint(AuditExport log) {
        assertThat(log.checkpoints()).isNotEmpty();
        return log.checkpoints().get(log.checkpoints().size() - 1);
    }

    /** Appends {@code n} audit records and returns the tree of the whole log as it now is. */
    static LogTree append(String label, int n) {
        Map<String, Object> props = SharedKafka.get().adminClientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(Topics.AUDIT, WireFormat.encode(record(label + "-" + i), SCHEMA_ID)))
                        .get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write audit records", e);
        }
        LogTree tree = new LogTree();
        read().records().forEach(r -> tree.append(r.value()));
        return tree;
    }

    /** What the insider does with admin rights, through the project's topic plan. */
    static void recreateLogTopics() {
        List<TopicSpec> plan = TopicPlan.embedded().topics(List.of()).stream()
                .filter(t -> LOG_TOPICS.contains(t.name()))
                .toList();
        try (Admin admin = Admin.create(SharedKafka.get().adminClientProperties())) {
            List<String> existing = new ArrayList<>(admin.listTopics().names().get());
            existing.retainAll(LOG_TOPICS);
            admin.deleteTopics(existing).all().get();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Collections.disjoint(admin.listTopics().names().get(), LOG_TOPICS));
            ClusterAdmin cluster = new ClusterAdmin(admin, Duration.ofSeconds(30));
            // a create racing the deletion's cleanup is refused as existing; apply again until both are there
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                cluster.ensureTopics(plan);
                return cluster.topicDiff(plan).missing().isEmpty();
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot recreate the log topics", e);
        }
    }

    /** The audit and checkpoints topics as {@code liaison audit verify} reads them. */
    static AuditExport read() {
        return new KafkaAuditSource(
                        TopicReader.consumerProperties(SharedKafka.get().bootstrapServers(), login()))
                .read(Map.of(SCHEMA_ID, AuditRecord.getClassSchema()), (done, total) -> {});
    }

    /** The shared broker's super user login, over TLS. */
    static Properties login() {
        Properties p = new Properties();
        p.putAll(SharedKafka.get().adminConnection().properties());
        return p;
    }

    private static AuditRecord record(String messageId) {
        return AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(Instant.now())
                .setDecision(AuditDecision.DENIED)
                .setMessageId(messageId)
                .setMessageType("IncidentReport")
                .setClassification("CUI")
                .setSender("cpd")
                .setRecipient("ice")
                .setPolicyVersion("v1")
                .setRuleIds(List.of("default-deny"))
                .setFieldActions(List.of())
                .setReasonCode("default-deny")
                .setOriginalDigest(
                        ByteBuffer.wrap(Digests.sha256(("original-" + messageId).getBytes(StandardCharsets.UTF_8))))
                .setReleasingComponent("liaison-streams@test")
                .setMethod("kafka-inbox")
                .build();
    }
}
