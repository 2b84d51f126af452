package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.InboxItem;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security review, issue 15 finding 6, on the real pipeline (embedded KRaft broker, Apicurio
 * Registry, exactly-once Streams, the agency SDK): a thief holds the backbone's attestation key,
 * which is revoked at T. It attests genuine cpd reports the policy denied to ice, with an
 * {@code attestedAt} before T, and writes them to ice's inbox with a backdated record timestamp.
 * The inbox topic stamps the broker's append time over it, and ice's SDK judges the keys at that
 * time: one copy is refused as backdated, the other (backdated within the allowed lag) because the
 * backbone key was revoked before it reached the log. A copy the backbone delivered before T still
 * verifies after the revocation.
 */
class StolenBackboneKeyAttackIT {
    private static final MessageHeaders JUVENILE =
            MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII", "JUVENILE");

    private static TestBackbone fixture;
    private static Admin admin;
    private static BackboneService service;
    private static KafkaProducer<String, byte[]> raw;

    @BeforeAll
    static void startBackbone() {
        String bootstrap = SharedKafka.get().bootstrapServers();
        fixture = new TestBackbone(SharedApicurio.get().client());
        admin = Admin.create(SharedKafka.get().adminClientProperties());
        new ClusterAdmin(admin, Duration.ofSeconds(30))
                .ensureTopics(TopicPlan.embedded().topics(TestBackbone.AGENCIES));
        service = BackboneService.start(
                new StreamsAppConfig(
                        "stolen-backbone-key-it",
                        bootstrap,
                        TempDirs.create("stolen-backbone-key-it-"),
                        1,
                        (short) 1,
                        TestBackbone.login()),
                fixture.backbone(BackboneSettings.defaults("test")),
                fixture.sealing(),
                BackboneSettings.defaults("test"),
                admin,
                TestBackbone.NO_CONTROL_PLANE);
        await().atMost(Duration.ofSeconds(60)).until(service::isRunning);
        raw = new KafkaProducer<>(
                TestBackbone.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        raw.close();
        service.close();
        admin.close();
    }

    @Test
    void copiesAttestedBeforeTheRevocationButAppendedAfterItAreRefusedByTheSdk() {
        Envelope delivered = sealed(
                SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));
        // juvenile reports stay local: the policy denies both to ice, so ice's inbox holds no genuine copy of them
        Envelope deniedLong =
                sealed(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()), JUVENILE);
        Envelope deniedShort =
                sealed(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()), JUVENILE);
        for (Envelope e : List.of(delivered, deniedLong, deniedShort)) {
            send(Topics.ingress("cpd"), e.getMessageId(), fixture.ingressValue(e), null);
        }
        assertThat(readIce(delivered.getMessageId()).get(delivered.getMessageId()))
                .isInstanceOf(InboxItem.Verified.class);

        // the key is found stolen; revocation times are whole seconds, so T is the next one, after the delivery's
        // append
        Instant revokedAt = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        fixture.trust.revoke(fixture.backboneKey.keyId(), revokedAt, "key-compromise");
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(revokedAt));

        Instant longBefore = revokedAt.minus(Duration.ofHours(1));
        Instant justBefore = revokedAt.minusSeconds(1);
        forge(deniedLong, longBefore);
        forge(deniedShort, justBefore);

        Map<String, InboxItem> ice =
                readIce(deniedLong.getMessageId(), deniedShort.getMessageId(), delivered.getMessageId());
        assertThat(ice.get(deniedLong.getMessageId())).isInstanceOfSatisfying(InboxItem.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.ATTESTATION_BACKDATED);
            assertThat(r.detail())
                    .startsWith("attested at " + longBefore + " but appended at ")
                    .endsWith("; the bound is PT5M");
        });
        assertThat(ice.get(deniedShort.getMessageId())).isInstanceOfSatisfying(InboxItem.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.KEY_REVOKED);
            assertThat(r.detail())
                    .startsWith("backbone key " + fixture.backboneKey.keyId() + " was revoked at " + revokedAt);
        });
        assertThat(ice.get(delivered.getMessageId()))
                .as("delivered before the revocation, still verified after it")
                .isInstanceOf(InboxItem.Verified.class);

        // the broker stamped both forgeries when it appended them, whatever timestamp the thief wrote
        Map<String, ConsumerRecord<byte[], byte[]>> records =
                rawIce(deniedLong.getMessageId(), deniedShort.getMessageId());
        assertThat(records.values()).allSatisfy(r -> {
            assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(Instant.ofEpochMilli(r.timestamp())).isAfterOrEqualTo(revokedAt);
        });
    }

    private static Envelope sealed(org.apache.avro.generic.GenericRecord payload, MessageHeaders headers) {
        return fixture.sealer("cpd").seal(payload, headers).envelope();
    }

    /** The thief's copy: cpd's genuine report for ice, nothing withheld, attested and timestamped at {@code backdated}. */
    private static void forge(Envelope genuine, Instant backdated) {
        Envelope copy = Attestations.attest(
                fixture.backboneKey,
                genuine,
                FieldCommitments.bytes(genuine.getPayload()),
                new Attestations.Delivery(
                        "ice",
                        "violent-crime-investigation",
                        fixture.policy.version(),
                        List.of("cpd-violent-incidents-to-ice-task-force"),
                        Map.of()),
                backdated);
        send(Topics.inbox("ice"), copy.getMessageId(), fixture.sealForRecipient("ice", copy), backdated);
    }

    private static void send(String topic, String key, byte[] value, Instant timestamp) {
        try {
            raw.send(new ProducerRecord<>(topic, null, timestamp == null ? null : timestamp.toEpochMilli(), key, value))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What ice's SDK makes of its inbox (a fresh consumer group each time), for the given message ids. */
    private static Map<String, InboxItem> readIce(String... messageIds) {
        Map<String, InboxItem> items = new HashMap<>();
        try (InboxConsumer ice = InboxConsumer.connect(
                "ice",
                SharedKafka.get().bootstrapServers(),
                SharedApicurio.get().url().toString(),
                fixture.trust,
                fixture.agencyKeys.get("ice"),
                TestBackbone.clientProperties(
                        Map.of(ConsumerConfig.GROUP_ID_CONFIG, "ice.sdk-" + UUID.randomUUID())))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (InboxItem item : ice.poll(Duration.ofMillis(200))) {
                    String id = item instanceof InboxItem.Verified v
                            ? v.messageId()
                            : ((InboxItem.Refused) item).messageId();
                    if (id != null && List.of(messageIds).contains(id)) {
                        items.put(id, item);
                    }
                }
                return items.size() == messageIds.length;
            });
        }
        return items;
    }

    /** The inbox records of the given message ids as the broker serves them. */
    private static Map<String, ConsumerRecord<byte[], byte[]>> rawIce(String... messageIds) {
        Map<String, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                TestBackbone.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.inbox("ice")).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    if (key != null && List.of(messageIds).contains(key)) {
                        records.put(key, r);
                    }
                });
                return records.size() == messageIds.length;
            });
        }
        return records;
    }
}
