package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxItem;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.MessageSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15 finding 1 on the production topology without a broker: a correctly signed cpd report
 * whose payload uses a registered variant of the pinned {@code IncidentReport} contract is
 * quarantined as SCHEMA_NOT_APPROVED and reaches no inbox; the next honest report still reaches
 * ice with the immigration status withheld. {@link RelabelledSchemaAttackIT} plays the same attack
 * on a real broker and registry.
 */
class RelabelledSchemaTopologyTest {
    private static final MessageHeaders HEADERS = MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII");

    private final TestBackbone fixture = new TestBackbone(new InMemorySchemaRegistryClient());
    private TopologyTestDriver driver;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "relabelled-schema-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                LiaisonTopology.build(
                        fixture.backbone(TestBackbone.onePartition("test")),
                        fixture.sealing(),
                        TestBackbone.onePartition("test"),
                        new BackboneMetrics()),
                props);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @ParameterizedTest
    @EnumSource(IncidentReportVariant.class)
    void aReportWithAVariantOfThePinnedContractIsQuarantinedAndReachesNoInbox(IncidentReportVariant variant) {
        // cpd's gateway registers the variant in the same registry the backbone reads.
        AvroCodec cpdGatewayCodec = new AvroCodec(fixture.codec.registry(), true);
        MessageSealer cpdGateway =
                new MessageSealer(fixture.agencies.get("cpd"), cpdGatewayCodec, Clock.systemUTC(), 512 * 1024);
        Envelope attack = cpdGateway
                .seal(variant.payload(SamplePayloads.shotsFiredReport("I-1", Instant.now())), HEADERS)
                .envelope();
        send(attack, cpdGatewayCodec);
        Envelope honest = fixture.sealer("cpd")
                .seal(SamplePayloads.shotsFiredReport("I-2", Instant.now()), HEADERS)
                .envelope();
        send(honest, fixture.codec);

        List<QuarantineRecord> quarantined = driver
                .createOutputTopic(Topics.QUARANTINE, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()
                .stream()
                .map(v -> fixture.codec.decodeSpecific(v, QuarantineRecord.class))
                .toList();
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.getMessageId()).isEqualTo(attack.getMessageId());
            assertThat(q.getReasonCode()).isEqualTo("SCHEMA_NOT_APPROVED");
            assertThat(q.getReason()).startsWith(RejectionReason.SCHEMA_NOT_APPROVED.description() + ": ");
        });
        List<AuditRecord> audit = driver
                .createOutputTopic(Topics.AUDIT, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()
                .stream()
                .map(v -> fixture.codec.decodeSpecific(v, AuditRecord.class))
                .toList();
        assertThat(audit)
                .filteredOn(a -> attack.getMessageId().equals(a.getMessageId()))
                .extracting(AuditRecord::getDecision)
                .containsExactly(AuditDecision.QUARANTINED);

        List<InboxItem> toIce = inbox("ice");
        assertThat(toIce).singleElement().isInstanceOf(InboxItem.Verified.class);
        InboxItem.Verified copy = (InboxItem.Verified) toIce.get(0);
        assertThat(copy.messageId()).isEqualTo(honest.getMessageId());
        assertThat(copy.provenance().changedFields()).containsEntry("involvedPersons[0].immigrationStatus", "DROP");
        assertThat((List<?>) copy.payload().get("involvedPersons"))
                .extracting(p -> ((GenericRecord) p).get("immigrationStatus"))
                .containsOnlyNulls();
        for (String agency : List.of("guard", "oversight", "public")) {
            assertThat(inbox(agency))
                    .as(agency)
                    .noneMatch(i ->
                            i instanceof InboxItem.Verified v && v.messageId().equals(attack.getMessageId()));
        }
    }

    private void send(Envelope envelope, AvroCodec gatewayCodec) {
        String topic = Topics.ingress(envelope.getSenderAgency());
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(
                        envelope.getMessageId().getBytes(StandardCharsets.UTF_8),
                        fixture.ingressValue(envelope, gatewayCodec));
    }

    private List<InboxItem> inbox(String agency) {
        return fixture.inbox(driver, agency);
    }
}
