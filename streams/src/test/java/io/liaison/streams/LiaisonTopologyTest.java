package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxItem;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.samples.SamplePayloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production topology, driven without a broker: one partition per topic. */
class LiaisonTopologyTest {
    private final TestBackbone fixture = new TestBackbone(new InMemorySchemaRegistryClient());
    private TopologyTestDriver driver;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BackboneMetrics metrics = new BackboneMetrics(meters);

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                LiaisonTopology.build(
                        fixture.backbone(TestBackbone.onePartition("test")),
                        fixture.sealing(),
                        TestBackbone.onePartition("test"),
                        metrics),
                props);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestInputTopic<byte[], byte[]> ingress(String agency) {
        return driver.createInputTopic(Topics.ingress(agency), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Envelope signed(String agency, GenericRecord payload, Classification classification) {
        return fixture.sealer(agency)
                .seal(payload, MessageHeaders.of(classification, "PII"))
                .envelope();
    }

    private void send(Envelope envelope) {
        ingress(envelope.getSenderAgency())
                .pipeInput(envelope.getMessageId().getBytes(StandardCharsets.UTF_8), fixture.ingressValue(envelope));
    }

    private List<InboxItem> inbox(String agency) {
        return fixture.inbox(driver, agency);
    }

    private List<AuditRecord> audit() {
        return output(Topics.AUDIT).readValuesToList().stream()
                .map(v -> fixture.codec.decodeSpecific(v, AuditRecord.class))
                .toList();
    }

    @Test
    void anIncidentReportReachesTheTaskForceWithoutImmigrationStatusAndNeverThePublic() {
        send(signed(
                "cpd",
                SamplePayloads.shotsFiredReport("I-1", Instant.now()),
                Classification.LAW_ENFORCEMENT_SENSITIVE));

        List<InboxItem> ice = inbox("ice");
        assertThat(ice).hasSize(1).first().isInstanceOf(InboxItem.Verified.class);
        InboxItem.Verified copy = (InboxItem.Verified) ice.get(0);
        assertThat(copy.provenance().changedFields())
                .containsEntry("involvedPersons[0].immigrationStatus", "DROP")
                .containsEntry("involvedPersons[1].immigrationStatus", "DROP");
        GenericRecord suspect = (GenericRecord) ((List<?>) copy.payload().get("involvedPersons")).get(0);
        assertThat(suspect.get("immigrationStatus")).isNull();
        assertThat(suspect.get("name").toString()).isEqualTo("Daniel Reyes");
        assertThat(inbox("public")).isEmpty();

        Map<String, AuditDecision> decisions =
                audit().stream().collect(Collectors.toMap(AuditRecord::getRecipient, AuditRecord::getDecision));
        assertThat(decisions)
                .containsEntry("ice", AuditDecision.DELIVERED)
                .containsEntry("public", AuditDecision.DENIED)
                .doesNotContainKey("cpd");
    }

    @Test
    void decisionsByRecipientQuarantinesByReasonAndLatenciesAreMetered() {
        send(signed(
                "cpd",
                SamplePayloads.shotsFiredReport("I-9", Instant.now()),
                Classification.LAW_ENFORCEMENT_SENSITIVE));
        ingress("guard").pipeInput("k".getBytes(StandardCharsets.UTF_8), "plain".getBytes(StandardCharsets.UTF_8));

        assertThat(decisions("ice", BackboneMetrics.DELIVERED)).isEqualTo(1);
        assertThat(decisions("public", BackboneMetrics.DENIED)).isEqualTo(1);
        assertThat(decisions("public", BackboneMetrics.DELIVERED)).isZero();
        assertThat(meters.get(BackboneMetrics.QUARANTINED)
                        .tag("reason", "NOT_SEALED")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(BackboneMetrics.PROCESSING).timer().count()).isEqualTo(2);
        assertThat(meters.get(BackboneMetrics.END_TO_END)
                        .tag("recipient", "ice")
                        .timer()
                        .count())
                .as("one delivered copy, one end-to-end latency")
                .isEqualTo(1);
        assertThat(meters.find(BackboneMetrics.END_TO_END)
                        .tag("recipient", "public")
                        .timer())
                .as("a denial writes no inbox copy")
                .isNull();
        assertThat(metrics.quarantinedByReason()).containsExactly(Map.entry("NOT_SEALED", 1L));
        assertThat(metrics.disseminated()).isEqualTo(1);
    }

    private double decisions(String recipient, String outcome) {
        return meters
                .find(BackboneMetrics.DECISIONS)
                .tags("recipient", recipient, "outcome", outcome)
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void everyDeliveredCopyVerifiesAgainstTheSendersKey() {
        send(signed("guard", SamplePayloads.deployment("NG-1", Instant.now()), Classification.CUI));
        for (String agency : TestBackbone.AGENCIES) {
            assertThat(inbox(agency)).allSatisfy(item -> assertThat(item).isInstanceOf(InboxItem.Verified.class));
        }
        assertThat(metrics.deliveries()).isPositive();
    }

    @Test
    void aReplayIsQuarantinedWithItsHeaderAndDigestOnlyAndTheNextGoodMessageStillFlows() {
        Envelope report = signed(
                "cpd", SamplePayloads.shotsFiredReport("I-2", Instant.now()), Classification.LAW_ENFORCEMENT_SENSITIVE);
        byte[] value = fixture.ingressValue(report);
        TestInputTopic<byte[], byte[]> in = ingress("cpd");
        in.pipeInput(report.getMessageId().getBytes(StandardCharsets.UTF_8), value);
        in.pipeInput(report.getMessageId().getBytes(StandardCharsets.UTF_8), value);
        send(signed(
                "cpd",
                SamplePayloads.shotsFiredReport("I-3", Instant.now()),
                Classification.LAW_ENFORCEMENT_SENSITIVE));

        List<QuarantineRecord> quarantined = output(Topics.QUARANTINE).readValuesToList().stream()
                .map(v -> fixture.codec.decodeSpecific(v, QuarantineRecord.class))
                .toList();
        assertThat(quarantined).extracting(QuarantineRecord::getReasonCode).containsExactly("REPLAY");
        QuarantineRecord replay = quarantined.get(0);
        assertThat(replay.getMessageId()).isEqualTo(report.getMessageId());
        assertThat(replay.getOriginalDigest().array()).isEqualTo(Digests.sha256(value));
        assertThat(replay.getOriginalValue())
                .as("the signature verified: no value kept")
                .isNull();
        assertThat(replay.getOriginalKey()).isNull();
        assertThat(replay.getSealedOriginal()).as("nothing sealed either").isNull();
        assertThat(output(Topics.QUARANTINE_KEYS).readRecordsToList()).isEmpty();
        assertThat(inbox("ice")).hasSize(2);
    }

    @Test
    void anotherSendersMessageUnderTheSameIdIsNotAReplayButASecondCopyFromTheSameSenderIs() {
        Envelope cpds = fixture.sealer("cpd")
                .seal(SamplePayloads.sitrep("S-1", Instant.now()), MessageHeaders.of(Classification.CUI))
                .envelope();
        MessageSealer ice = fixture.sealer("ice");
        Envelope squatter =
                ice.prepare(SamplePayloads.sitrep("S-2", Instant.now()), MessageHeaders.of(Classification.CUI));
        squatter.setMessageId(cpds.getMessageId());
        squatter = ice.signAll(List.of(squatter)).get(0);

        send(squatter);
        send(cpds);
        send(cpds);

        assertThat(inbox("guard"))
                .as("both senders' messages reach guard")
                .extracting(item -> ((InboxItem.Verified) item).provenance().sender())
                .containsExactly("ice", "cpd");
        List<QuarantineRecord> quarantined = output(Topics.QUARANTINE).readValuesToList().stream()
                .map(v -> fixture.codec.decodeSpecific(v, QuarantineRecord.class))
                .toList();
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.getReasonCode()).isEqualTo("REPLAY");
            assertThat(q.getSourceTopic()).isEqualTo("ingress.cpd");
            assertThat(q.getReason()).contains("message id " + cpds.getMessageId() + " from cpd was accepted before");
        });
    }

    @Test
    void plainBytesAreQuarantinedAsNotSealedAndTheirOriginalOnlyTheQuarantineOfficerOpens() {
        TestInputTopic<byte[], byte[]> in = ingress("guard");
        byte[] plain = "deployment: 2 trucks".getBytes(StandardCharsets.UTF_8);
        in.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), plain));

        TestRecord<String, byte[]> stored = driver.createOutputTopic(
                        Topics.QUARANTINE, new StringDeserializer(), new ByteArrayDeserializer())
                .readRecord();
        QuarantineRecord q = fixture.codec.decodeSpecific(stored.value(), QuarantineRecord.class);
        assertThat(q.getReasonCode()).isEqualTo("NOT_SEALED");
        assertThat(q.getSourceTopic()).isEqualTo("ingress.guard");
        assertThat(q.getSourceOffset()).isZero();
        assertThat(q.getOriginalValue()).isNull();
        assertThat(q.getOriginalDigest().array()).isEqualTo(Digests.sha256(plain));
        assertThat(new String(stored.value(), StandardCharsets.ISO_8859_1)).doesNotContain("2 trucks");
        assertThat(audit()).extracting(AuditRecord::getDecision).containsExactly(AuditDecision.QUARANTINED);

        Map<String, byte[]> officerKeyTopic = new HashMap<>();
        driver.createOutputTopic(Topics.QUARANTINE_KEYS, new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList()
                .forEach(kv -> officerKeyTopic.put(kv.key, kv.value));
        byte[] sealed = q.getSealedOriginal().array();
        Opening opened = Seal.open(
                sealed,
                Topics.QUARANTINE,
                stored.key(),
                fixture.officerKeys,
                ref -> Optional.ofNullable(officerKeyTopic.get(ref)));
        QuarantineRecord original =
                fixture.codec.decodeSpecific(((Opening.Opened) opened).plaintext(), QuarantineRecord.class);
        assertThat(original.getOriginalValue().array()).isEqualTo(plain);
        assertThat(Seal.open(
                        sealed,
                        Topics.QUARANTINE,
                        stored.key(),
                        fixture.agencyKeys.get("guard"),
                        ref -> Optional.ofNullable(officerKeyTopic.get(ref))))
                .extracting(o -> ((Opening.Refused) o).reason())
                .isEqualTo(RejectionReason.SEAL_MISDIRECTED);
    }

    @Test
    void anAlteredSignedMessageIsQuarantinedWithItsOriginalSealedToTheOfficer() {
        Envelope report = signed(
                "cpd", SamplePayloads.shotsFiredReport("I-4", Instant.now()), Classification.LAW_ENFORCEMENT_SENSITIVE);
        report.setClassification(Classification.UNCLASSIFIED); // after signing
        send(report);

        QuarantineRecord q =
                fixture.codec.decodeSpecific(output(Topics.QUARANTINE).readValue(), QuarantineRecord.class);
        assertThat(q.getReasonCode()).isEqualTo("SIGNATURE_INVALID");
        assertThat(q.getOriginalValue()).isNull();
        assertThat(q.getSealedOriginal()).isNotNull();
        assertThat(output(Topics.QUARANTINE_KEYS).readRecordsToList()).hasSize(1);
    }

    @Test
    void everyCopyIsSealedToItsRecipientWithItsDataKeyInTheRecipientsKeyTopic() {
        send(signed(
                "cpd",
                SamplePayloads.shotsFiredReport("I-5", Instant.now()),
                Classification.LAW_ENFORCEMENT_SENSITIVE));

        List<TestRecord<String, byte[]>> copies = driver.createOutputTopic(
                        Topics.inbox("ice"), new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
        List<TestRecord<String, byte[]>> keys = driver.createOutputTopic(
                        Topics.keys("ice"), new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
        assertThat(copies).singleElement().satisfies(copy -> {
            assertThat(new String(copy.value(), StandardCharsets.ISO_8859_1))
                    .startsWith("liaison/sealed/v1")
                    .doesNotContain("Daniel Reyes");
            SealContext context = SealedRecord.decode(copy.value()).context();
            assertThat(context.recipient()).isEqualTo("ice");
            assertThat(context.recipientKeyId())
                    .isEqualTo(fixture.agencyKeys.get("ice").keyIds().get(0));
            assertThat(context.messageId()).isEqualTo(copy.key());
            assertThat(context.sender()).isEqualTo("cpd");
            assertThat(context.messageType()).isEqualTo("IncidentReport");
        });
        assertThat(keys)
                .singleElement()
                .satisfies(k -> assertThat(k.key()).startsWith(copies.get(0).key() + "/"));
        // the audit record's digest is the copy's, before sealing: what the recipient opens
        AuditRecord delivered = audit().stream()
                .filter(a -> "ice".equals(a.getRecipient()))
                .findFirst()
                .orElseThrow();
        Opening opened = Seal.open(
                copies.get(0).value(),
                Topics.inbox("ice"),
                copies.get(0).key(),
                fixture.agencyKeys.get("ice"),
                ref -> Optional.of(keys.get(0).value()));
        assertThat(delivered.getDeliveredDigest().array())
                .isEqualTo(Digests.sha256(((Opening.Opened) opened).plaintext()));
    }
}
