package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.liaison.consumer.InboxItem;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
    private final BackboneMetrics metrics = new BackboneMetrics();

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                LiaisonTopology.build(
                        fixture.backbone(TestBackbone.onePartition("test")),
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

    private byte[] sealed(String agency, GenericRecord payload, Classification classification) {
        MessageSealer.Sealed s = fixture.sealer(agency).seal(payload, MessageHeaders.of(classification, "PII"));
        return fixture.codec.encode(Topics.ingress(agency) + "-value", s.envelope());
    }

    private void send(String agency, byte[] value) {
        Envelope e = fixture.codec.decodeSpecific(value, Envelope.class);
        ingress(agency).pipeInput(e.getMessageId().getBytes(StandardCharsets.UTF_8), value);
    }

    private List<InboxItem> inbox(String agency) {
        CopyVerifier verifier = new CopyVerifier(agency, fixture.trust, fixture.codec);
        return output(Topics.inbox(agency)).readRecordsToList().stream()
                .map(r -> verifier.verify(r.value(), 0, 0, appendedNow()))
                .toList();
    }

    private List<AuditRecord> audit() {
        return output(Topics.AUDIT).readValuesToList().stream()
                .map(v -> fixture.codec.decodeSpecific(v, AuditRecord.class))
                .toList();
    }

    @Test
    void anIncidentReportReachesTheTaskForceWithoutImmigrationStatusAndNeverThePublic() {
        send(
                "cpd",
                sealed(
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
    void everyDeliveredCopyVerifiesAgainstTheSendersKey() {
        send("guard", sealed("guard", SamplePayloads.deployment("NG-1", Instant.now()), Classification.CUI));
        for (String agency : TestBackbone.AGENCIES) {
            assertThat(inbox(agency)).allSatisfy(item -> assertThat(item).isInstanceOf(InboxItem.Verified.class));
        }
        assertThat(metrics.deliveries()).isPositive();
    }

    @Test
    void aReplayIsQuarantinedAndTheNextGoodMessageStillFlows() {
        byte[] report = sealed(
                "cpd", SamplePayloads.shotsFiredReport("I-2", Instant.now()), Classification.LAW_ENFORCEMENT_SENSITIVE);
        send("cpd", report);
        send("cpd", report);
        send(
                "cpd",
                sealed(
                        "cpd",
                        SamplePayloads.shotsFiredReport("I-3", Instant.now()),
                        Classification.LAW_ENFORCEMENT_SENSITIVE));

        List<QuarantineRecord> quarantined = output(Topics.QUARANTINE).readValuesToList().stream()
                .map(v -> fixture.codec.decodeSpecific(v, QuarantineRecord.class))
                .toList();
        assertThat(quarantined).extracting(QuarantineRecord::getReasonCode).containsExactly("REPLAY");
        assertThat(quarantined.get(0).getOriginalValue().array()).isEqualTo(report);
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

        send("ice", fixture.codec.encode(Topics.ingress("ice") + "-value", squatter));
        byte[] cpdsBytes = fixture.codec.encode(Topics.ingress("cpd") + "-value", cpds);
        send("cpd", cpdsBytes);
        send("cpd", cpdsBytes);

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
    void bytesThatAreNotAnEnvelopeAreQuarantinedWithTheirOffset() {
        TestInputTopic<byte[], byte[]> in = ingress("guard");
        in.pipeInput(
                new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8)));
        QuarantineRecord q =
                fixture.codec.decodeSpecific(output(Topics.QUARANTINE).readValue(), QuarantineRecord.class);
        assertThat(q.getReasonCode()).isEqualTo("MALFORMED_ENVELOPE");
        assertThat(q.getSourceTopic()).isEqualTo("ingress.guard");
        assertThat(q.getSourceOffset()).isZero();
        assertThat(audit()).extracting(AuditRecord::getDecision).containsExactly(AuditDecision.QUARANTINED);
    }

    /** No broker here: each copy is taken as appended when it is read, as a log-append time would stamp it. */
    private static RecordTime appendedNow() {
        return new RecordTime.LogAppend(Instant.now());
    }
}
