package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.InboxItem;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.samples.SamplePayloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security review, issue 15 finding 7, on the real pipeline (embedded KRaft broker, Apicurio
 * Registry, exactly-once Streams, the agency SDK): the replay store is keyed by sender and message
 * id, so ice publishing cpd's message id first does not make cpd's message a replay; and an ingress
 * topic whose partition count changes makes the backbone stop and say why, instead of letting
 * message ids reach partitions whose replay store never saw them.
 */
class ReplayStoreAttackIT {
    /** An ingress topic of this test alone: growing it must not disturb the other suites on the shared broker. */
    private static final String GROWN = Topics.ingress("partition-probe");

    private static TestBackbone fixture;
    private static Admin admin;
    private static KafkaProducer<String, byte[]> raw;

    @BeforeAll
    static void start() {
        fixture = new TestBackbone(SharedApicurio.get().client());
        admin = Admin.create(SharedKafka.get().adminClientProperties());
        new ClusterAdmin(admin, Duration.ofSeconds(30))
                .ensureTopics(TopicPlan.embedded().topics(TestBackbone.AGENCIES));
        raw = new KafkaProducer<>(
                TestBackbone.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        raw.close();
        admin.close();
    }

    private static BackboneService startBackbone(String applicationId) {
        return BackboneService.start(
                new StreamsAppConfig(
                        applicationId,
                        SharedKafka.get().bootstrapServers(),
                        TempDirs.create(applicationId + "-"),
                        1,
                        (short) 1,
                        TestBackbone.login()),
                fixture.backbone(BackboneSettings.defaults("test")),
                fixture.sealing(),
                BackboneSettings.defaults("test"),
                admin,
                TestBackbone.NO_CONTROL_PLANE);
    }

    private static void send(Envelope envelope) {
        String topic = Topics.ingress(envelope.getSenderAgency());
        try {
            raw.send(new ProducerRecord<>(topic, envelope.getMessageId(), fixture.ingressValue(envelope)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void iceTakingCpdsMessageIdFirstDoesNotMakeCpdsMessageAReplayButCpdSendingItTwiceIs() {
        Envelope cpds = fixture.sealer("cpd")
                .seal(
                        SamplePayloads.sitrep("S-" + UUID.randomUUID(), Instant.now()),
                        MessageHeaders.of(Classification.CUI))
                .envelope();
        // ice learned the id (a predictable numbering, a copy it saw) and publishes its own report under it, first
        MessageSealer ice = fixture.sealer("ice");
        Envelope squatter = ice.prepare(
                SamplePayloads.sitrep("S-" + UUID.randomUUID(), Instant.now()), MessageHeaders.of(Classification.CUI));
        squatter.setMessageId(cpds.getMessageId());
        squatter = ice.signAll(List.of(squatter)).get(0);
        String id = cpds.getMessageId();

        try (BackboneService service = startBackbone("replay-squatting-it");
                Log log = new Log();
                InboxConsumer guard = InboxConsumer.connect(
                        "guard",
                        SharedKafka.get().bootstrapServers(),
                        SharedApicurio.get().url().toString(),
                        fixture.trust,
                        fixture.agencyKeys.get("guard"),
                        TestBackbone.clientProperties(
                                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "guard.sdk-" + UUID.randomUUID())))) {
            await().atMost(Duration.ofSeconds(60)).until(service::isRunning);
            send(squatter);
            await().atMost(Duration.ofSeconds(60)).until(() -> log.delivered(id, "ice", "guard"));
            send(cpds);
            send(cpds);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> log.delivered(id, "cpd", "guard")
                            && log.quarantined(id).size() == 1);
            assertThat(log.quarantined(id)).singleElement().satisfies(q -> {
                assertThat(q.getReasonCode()).isEqualTo("REPLAY");
                assertThat(q.getSourceTopic()).isEqualTo("ingress.cpd");
            });
            assertThat(log.decisions(id))
                    .as("both messages decided once each, the replay quarantined")
                    .extracting(a -> a.getSender() + ":" + a.getDecision())
                    .containsOnly("ice:DELIVERED", "ice:DENIED", "cpd:DELIVERED", "cpd:DENIED", "cpd:QUARANTINED");

            // guard's SDK receives and verifies both agencies' messages under the one id
            List<InboxItem.Verified> toGuard = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                guard.poll(Duration.ofMillis(200)).forEach(item -> {
                    if (item instanceof InboxItem.Verified v && v.messageId().equals(id)) {
                        toGuard.add(v);
                    }
                });
                return toGuard.size() == 2;
            });
            assertThat(toGuard).extracting(v -> v.provenance().sender()).containsExactlyInAnyOrder("ice", "cpd");
        }
    }

    @Test
    void anIngressTopicWhosePartitionCountChangesStopsTheBackboneWhichSaysWhyAndRefusesToStartAgain() throws Exception {
        admin.createTopics(List.of(new NewTopic(GROWN, TopicPlan.DEFAULT_PARTITIONS, (short) 1)))
                .all()
                .get();
        try {
            try (BackboneService service = startBackbone("partition-growth-it")) {
                await().atMost(Duration.ofSeconds(60)).until(service::isRunning);
                assertThat(service.refusal()).isEmpty();

                admin.createPartitions(Map.of(GROWN, NewPartitions.increaseTo(4)))
                        .all()
                        .get();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> service.refusal().isPresent() && !service.isRunning());
                assertThat(service.refusal().get())
                        .startsWith(GROWN + " has ")
                        .contains(
                                ", but the backbone is pinned to 3 ingress partitions: accepting it would let a message id reach"
                                        + " a partition whose replay store never saw it");
            }
            assertThatThrownBy(() -> startBackbone("partition-growth-restart-it"))
                    .isInstanceOf(PartitionCountChanged.class)
                    .hasMessageStartingWith(
                            GROWN + " has 4 partitions, but the backbone is pinned to 3 ingress partitions");
        } finally {
            admin.deleteTopics(List.of(GROWN)).all().get();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !admin.listTopics().names().get().contains(GROWN));
        }
    }

    /** The audit and quarantine topics from the beginning, committed records only. */
    private static final class Log implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<AuditRecord> audit = new ArrayList<>();
        private final List<QuarantineRecord> quarantine = new ArrayList<>();

        Log() {
            consumer = new KafkaConsumer<>(
                    TestBackbone.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>(List.of(new TopicPartition(Topics.AUDIT, 0)));
            consumer.partitionsFor(Topics.QUARANTINE)
                    .forEach(p -> partitions.add(new TopicPartition(Topics.QUARANTINE, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        private void poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.topic().equals(Topics.AUDIT)) {
                    audit.add(fixture.codec.decodeSpecific(r.value(), AuditRecord.class));
                } else {
                    quarantine.add(fixture.codec.decodeSpecific(r.value(), QuarantineRecord.class));
                }
            });
        }

        boolean delivered(String messageId, String sender, String recipient) {
            poll();
            return audit.stream()
                    .anyMatch(a -> messageId.equals(a.getMessageId())
                            && sender.equals(a.getSender())
                            && recipient.equals(a.getRecipient())
                            && a.getDecision() == AuditDecision.DELIVERED);
        }

        List<AuditRecord> decisions(String messageId) {
            poll();
            return audit.stream()
                    .filter(a -> messageId.equals(a.getMessageId()))
                    .toList();
        }

        List<QuarantineRecord> quarantined(String messageId) {
            poll();
            return quarantine.stream()
                    .filter(q -> messageId.equals(q.getMessageId()))
                    .toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
