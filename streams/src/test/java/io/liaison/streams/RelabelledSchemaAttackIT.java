package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.RecordTimes;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.liaison.consumer.InboxItem;
import io.liaison.controlplane.ControlPlane;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Security review, issue 15 finding 1, on the real pipeline (embedded KRaft broker, Apicurio
 * Registry, exactly-once Streams): cpd's gateway, with cpd's real signing key, registers a variant
 * of the {@code IncidentReport} contract that would let the immigration status through to ice, and
 * publishes a correctly signed report with it. The backbone takes sensitivity tags from its pinned
 * contracts only and accepts only approved writer schemas, so the report is quarantined, ice
 * receives nothing of it, and an honest report still reaches ice with the status withheld.
 */
class RelabelledSchemaAttackIT {
    private static final MessageHeaders HEADERS = MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII");

    private static TestBackbone fixture;
    private static Admin admin;
    private static BackboneService service;
    private static KafkaProducer<String, byte[]> raw;

    @BeforeAll
    static void startBackbone() {
        String bootstrap = SharedKafka.get().bootstrapServers();
        // every client logs in as the shared broker's super user, over TLS
        Map<String, String> login = SharedKafka.get().adminConnection().properties();
        fixture = new TestBackbone(SharedApicurio.get().client());
        admin = Admin.create(SharedKafka.get().adminClientProperties());
        new ClusterAdmin(admin, Duration.ofSeconds(30))
                .ensureTopics(TopicPlan.embedded().topics(TestBackbone.AGENCIES));
        service = BackboneService.start(
                new StreamsAppConfig(
                        "relabelled-schema-attack-it",
                        bootstrap,
                        TempDirs.create("relabelled-schema-attack-it-"),
                        1,
                        (short) 1,
                        login),
                fixture.backbone(BackboneSettings.defaults("test")),
                fixture.sealing(),
                BackboneSettings.defaults("test"),
                admin,
                () -> new ControlPlane.Health(true, "fixed policy, no control plane", 0));
        await().atMost(Duration.ofSeconds(60)).until(service::isRunning);
        Map<String, Object> producer = SharedKafka.get().adminClientProperties();
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        raw = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        raw.close();
        service.close();
        admin.close();
    }

    @Test
    void aSchemaVariantRegisteredBySenderIsQuarantinedAndIceNeverSeesTheImmigrationStatus() {
        // cpd's gateway as deployed: its own registry client, auto-registering the schema of what it publishes.
        AvroCodec cpdGatewayCodec = new AvroCodec(SharedApicurio.get().client(), true);
        MessageSealer cpdGateway =
                new MessageSealer(fixture.agencies.get("cpd"), cpdGatewayCodec, Clock.systemUTC(), 512 * 1024);
        Map<IncidentReportVariant, String> attacks = new EnumMap<>(IncidentReportVariant.class);
        for (IncidentReportVariant variant : IncidentReportVariant.values()) {
            MessageSealer.Sealed sealed = cpdGateway.seal(
                    variant.payload(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now())), HEADERS);
            assertThat(fixture.codec.writerSchema(sealed.payloadBytes()))
                    .as("the registry accepted %s and serves it to the backbone", variant)
                    .isEqualTo(variant.schema());
            send(sealed.envelope(), cpdGatewayCodec);
            attacks.put(variant, sealed.envelope().getMessageId());
        }
        Envelope honest = fixture.sealer("cpd")
                .seal(SamplePayloads.shotsFiredReport("I-" + UUID.randomUUID(), Instant.now()), HEADERS)
                .envelope();
        send(honest, fixture.codec);

        try (Topic quarantine = new Topic(Topics.QUARANTINE);
                Topic audit = new Topic(Topics.AUDIT);
                Topic iceInbox = new Topic(Topics.inbox("ice"));
                Topic iceKeys = new Topic(Topics.keys("ice"))) {
            Map<String, QuarantineRecord> quarantined = new HashMap<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                quarantine
                        .read()
                        .forEach((id, value) ->
                                quarantined.put(id, fixture.codec.decodeSpecific(value, QuarantineRecord.class)));
                return quarantined.keySet().containsAll(attacks.values());
            });
            attacks.forEach((variant, id) -> {
                assertThat(quarantined.get(id).getReasonCode())
                        .as("%s", variant)
                        .isEqualTo("SCHEMA_NOT_APPROVED");
                assertThat(quarantined.get(id).getReason())
                        .as("%s", variant)
                        .startsWith(RejectionReason.SCHEMA_NOT_APPROVED.description() + ": ");
            });

            List<AuditRecord> decisions = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                audit.values().forEach(v -> decisions.add(fixture.codec.decodeSpecific(v, AuditRecord.class)));
                return decisions.stream()
                        .anyMatch(a -> honest.getMessageId().equals(a.getMessageId())
                                && "ice".equals(a.getRecipient())
                                && a.getDecision() == AuditDecision.DELIVERED);
            });
            assertThat(decisions)
                    .filteredOn(a -> attacks.containsValue(a.getMessageId()))
                    .as("the only decision about an attack is its quarantine: no recipient got a copy")
                    .extracting(AuditRecord::getDecision)
                    .containsOnly(AuditDecision.QUARANTINED)
                    .hasSize(attacks.size());

            // Every committed copy in ice's inbox, read to its end after the attacks' transactions committed.
            Map<String, InboxItem> toIce = new HashMap<>();
            Map<String, ConsumerRecord<byte[], byte[]>> inbox = iceInbox.readToEnd();
            Map<String, ConsumerRecord<byte[], byte[]>> dataKeys =
                    iceKeys.readToEnd(); // committed with the copies, so read after them
            CopyVerifier ice = new CopyVerifier(
                    fixture.agencyKeys.get("ice"),
                    ref -> Optional.ofNullable(dataKeys.get(ref)).map(ConsumerRecord::value),
                    fixture.trust,
                    fixture.codec);
            inbox.forEach((id, record) -> toIce.put(
                    id,
                    ice.verify(
                            record.topic(),
                            id,
                            record.value(),
                            record.partition(),
                            record.offset(),
                            RecordTimes.of(record))));
            assertThat(toIce).doesNotContainKeys(attacks.values().toArray(String[]::new));
            assertThat(toIce.get(honest.getMessageId())).isInstanceOf(InboxItem.Verified.class);
            InboxItem.Verified copy = (InboxItem.Verified) toIce.get(honest.getMessageId());
            assertThat(copy.provenance().changedFields())
                    .containsEntry("involvedPersons[0].immigrationStatus", "DROP")
                    .containsEntry("involvedPersons[1].immigrationStatus", "DROP");
            List<?> persons = (List<?>) copy.payload().get("involvedPersons");
            assertThat(persons)
                    .extracting(p -> ((GenericRecord) p).get("immigrationStatus"))
                    .containsOnlyNulls();
            assertThat(((GenericRecord) persons.get(0)).get("name").toString()).isEqualTo("Daniel Reyes");
        }
    }

    private static void send(Envelope envelope, AvroCodec gatewayCodec) {
        String topic = Topics.ingress(envelope.getSenderAgency());
        try {
            raw.send(new ProducerRecord<>(topic, envelope.getMessageId(), fixture.ingressValue(envelope, gatewayCodec)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One topic's committed records from the beginning, by key (message id); records without a key are skipped. */
    private static final class Topic implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions = new ArrayList<>();

        Topic(String topic) {
            Map<String, Object> committed = SharedKafka.get().adminClientProperties();
            committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(committed, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** What one poll returns, by key. */
        Map<String, byte[]> read() {
            Map<String, byte[]> byKey = new HashMap<>();
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.key() != null) {
                    byKey.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
                }
            });
            return byKey;
        }

        /** What one poll returns, keyed or not. */
        List<byte[]> values() {
            List<byte[]> values = new ArrayList<>();
            consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            return values;
        }

        /** Every record up to the current end (the last stable offset, for a read_committed consumer), by key. */
        Map<String, ConsumerRecord<byte[], byte[]>> readToEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null) {
                        byKey.put(new String(r.key(), StandardCharsets.UTF_8), r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return byKey;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
