package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxItem;
import io.liaison.producer.MessageHeaders;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.common.CommandRoleRef;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.payload.AcknowledgementResponse;
import io.liaison.schemas.payload.Directive;
import io.liaison.schemas.payload.Escalation;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Directives, acknowledgements and escalations through the production topology under the example
 * policy: resource-tasking from cpd/incident-commander to guard/liaison-officer escalates to
 * guard/unit-commander (10 minutes), then cpd/incident-commander (20 minutes), then is unresolved.
 */
class DirectiveTopologyTest {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    private final TestBackbone fixture = new TestBackbone(new InMemorySchemaRegistryClient());
    private TopologyTestDriver driver;
    private final List<AuditRecord> audit = new ArrayList<>();

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "directive-test");
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

    private void send(String agency, GenericRecord payload) {
        Envelope envelope = fixture.sealer(agency)
                .seal(payload, MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE))
                .envelope();
        driver.createInputTopic(Topics.ingress(agency), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(envelope.getMessageId().getBytes(StandardCharsets.UTF_8), fixture.ingressValue(envelope));
    }

    private void directive(String id) {
        send("cpd", SamplePayloads.barrierTasking(id, Instant.now(), ANSWER_WITHIN));
    }

    private void answer(String id, String agency, String role, AcknowledgementResponse response) {
        send(agency, SamplePayloads.acknowledgement(id, agency, role, response, Instant.now()));
    }

    /** Audit records about directives, in log order (read so far, cumulative). */
    private List<AuditRecord> commandAudit() {
        return allAudit().stream()
                .filter(a -> a.getDecision().name().startsWith("DIRECTIVE_"))
                .toList();
    }

    private List<AuditRecord> allAudit() {
        driver
                .createOutputTopic(Topics.AUDIT, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()
                .stream()
                .map(v -> fixture.codec.decodeSpecific(v, AuditRecord.class))
                .forEach(audit::add);
        return audit;
    }

    private List<AuditDecision> decisions() {
        return commandAudit().stream().map(AuditRecord::getDecision).toList();
    }

    /** The escalations {@code agency}'s SDK opened and verified from its inbox (other copies skipped). */
    private List<Escalation> escalations(String agency) {
        List<Escalation> out = new ArrayList<>();
        for (InboxItem item : fixture.inbox(driver, agency)) {
            assertThat(item).as("every copy verifies").isInstanceOf(InboxItem.Verified.class);
            InboxItem.Verified copy = (InboxItem.Verified) item;
            if (copy.provenance().messageType().equals("Escalation")) {
                assertThat(copy.provenance().sender()).isEqualTo("backbone");
                GenericRecord p = copy.payload();
                out.add(Escalation.newBuilder()
                        .setEscalationId(p.get("escalationId").toString())
                        .setDirectiveId(p.get("directiveId").toString())
                        .setKind(p.get("kind").toString())
                        .setIssuer(new CommandRoleRef("cpd", "incident-commander"))
                        .setAddressees(List.of())
                        .setOutstanding(List.of())
                        .setStep((Integer) p.get("step"))
                        .setNotify(new CommandRoleRef(
                                ((GenericRecord) p.get("notify")).get("agency").toString(),
                                ((GenericRecord) p.get("notify")).get("role").toString()))
                        .setCause(io.liaison.schemas.payload.EscalationCause.valueOf(
                                p.get("cause").toString()))
                        .setMissedDeadline(Instant.EPOCH)
                        .setRespondBy(Instant.EPOCH)
                        .build());
            }
        }
        return out;
    }

    private List<String> quarantined() {
        return driver
                .createOutputTopic(Topics.QUARANTINE, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()
                .stream()
                .map(v -> fixture.codec.decodeSpecific(v, QuarantineRecord.class))
                .map(q -> q.getReasonCode() + ": " + q.getReason())
                .toList();
    }

    @Test
    void anAcceptedDirectiveIsJoinedWithItsAcknowledgementAndNeverEscalates() {
        directive("D-1");
        answer("D-1", "guard", "liaison-officer", AcknowledgementResponse.ACCEPT);
        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(decisions()).containsExactly(AuditDecision.DIRECTIVE_ISSUED, AuditDecision.DIRECTIVE_ACKNOWLEDGED);
        assertThat(commandAudit().get(0).getRuleIds()).containsExactly("command.directives.resource-tasking");
        assertThat(commandAudit().get(1).getRecipient()).isEqualTo("guard");
        assertThat(escalations("guard")).isEmpty();
        assertThat(escalations("cpd")).isEmpty();
    }

    @Test
    void anUnansweredDirectiveEscalatesStepByStepUntilItsPathEnds() {
        directive("D-2");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(decisions()).containsExactly(AuditDecision.DIRECTIVE_ISSUED);

        driver.advanceWallClockTime(ANSWER_WITHIN);
        assertThat(escalations("guard")).singleElement().satisfies(e -> {
            assertThat(e.getStep()).isEqualTo(1);
            assertThat(e.getNotify()).isEqualTo(new CommandRoleRef("guard", "unit-commander"));
            assertThat(e.getCause().name()).isEqualTo("NO_ACKNOWLEDGEMENT");
        });
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(escalations("cpd")).singleElement().satisfies(e -> {
            assertThat(e.getStep()).isEqualTo(2);
            assertThat(e.getNotify()).isEqualTo(new CommandRoleRef("cpd", "incident-commander"));
        });
        driver.advanceWallClockTime(Duration.ofMinutes(20));
        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(decisions())
                .containsExactly(
                        AuditDecision.DIRECTIVE_ISSUED,
                        AuditDecision.DIRECTIVE_ESCALATED,
                        AuditDecision.DIRECTIVE_ESCALATED,
                        AuditDecision.DIRECTIVE_UNRESOLVED);
        AuditRecord first = commandAudit().get(1);
        assertThat(first.getRecipient()).isEqualTo("guard");
        assertThat(first.getReasonCode()).isEqualTo("NO_ACKNOWLEDGEMENT");
        assertThat(first.getDeliveredTopic()).isEqualTo("inbox.guard");
        assertThat(allAudit())
                .as("each escalation copy is a delivery too, as audit replay accounts for every inbox copy")
                .filteredOn(a -> a.getDecision() == AuditDecision.DELIVERED && "Escalation".equals(a.getMessageType()))
                .extracting(AuditRecord::getMessageId, AuditRecord::getRecipient, AuditRecord::getPurpose)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first.getMessageId(), "guard", "joint-command"),
                        org.assertj.core.groups.Tuple.tuple(
                                commandAudit().get(2).getMessageId(), "cpd", "joint-command"));
        assertThat(escalations("guard")).isEmpty();
        assertThat(escalations("cpd")).isEmpty();
    }

    @Test
    void anAcceptanceByTheAuthorityItEscalatedToStopsThePath() {
        directive("D-3");
        driver.advanceWallClockTime(ANSWER_WITHIN.plusSeconds(1));
        assertThat(escalations("guard")).hasSize(1);

        answer("D-3", "guard", "unit-commander", AcknowledgementResponse.ACCEPT);
        driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(decisions())
                .containsExactly(
                        AuditDecision.DIRECTIVE_ISSUED,
                        AuditDecision.DIRECTIVE_ESCALATED,
                        AuditDecision.DIRECTIVE_ACKNOWLEDGED);
        assertThat(escalations("cpd")).isEmpty();
    }

    @Test
    void aDeclineEscalatesAtOnceWithoutWaitingForTheDeadline() {
        directive("D-4");
        answer("D-4", "guard", "liaison-officer", AcknowledgementResponse.DECLINE);

        assertThat(decisions())
                .containsExactly(
                        AuditDecision.DIRECTIVE_ISSUED,
                        AuditDecision.DIRECTIVE_DECLINED,
                        AuditDecision.DIRECTIVE_ESCALATED);
        assertThat(commandAudit().get(2).getReasonCode()).isEqualTo("DECLINED");
        assertThat(escalations("guard"))
                .singleElement()
                .satisfies(e -> assertThat(e.getCause().name()).isEqualTo("DECLINED"));
    }

    @Test
    void aLateAcceptanceAfterThePathEndedIsStillRecordedAndEscalatesNothing() {
        directive("D-5");
        driver.advanceWallClockTime(ANSWER_WITHIN.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofMinutes(11));
        driver.advanceWallClockTime(Duration.ofMinutes(21));
        assertThat(decisions()).endsWith(AuditDecision.DIRECTIVE_UNRESOLVED);

        answer("D-5", "guard", "liaison-officer", AcknowledgementResponse.ACCEPT);
        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(decisions())
                .containsExactly(
                        AuditDecision.DIRECTIVE_ISSUED,
                        AuditDecision.DIRECTIVE_ESCALATED,
                        AuditDecision.DIRECTIVE_ESCALATED,
                        AuditDecision.DIRECTIVE_UNRESOLVED,
                        AuditDecision.DIRECTIVE_ACKNOWLEDGED);
    }

    @Test
    void anAnswerThatOvertakesItsDirectiveIsHeldUntilTheDirectiveArrives() {
        answer("D-6", "guard", "liaison-officer", AcknowledgementResponse.ACCEPT);
        assertThat(decisions()).isEmpty();
        directive("D-6");
        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(decisions()).containsExactly(AuditDecision.DIRECTIVE_ISSUED, AuditDecision.DIRECTIVE_ACKNOWLEDGED);
        assertThat(escalations("guard")).isEmpty();
    }

    @Test
    void anAnswerFromARoleTheDirectiveNeverReachedChangesNothing() {
        directive("D-7");
        answer("D-7", "ice", "liaison-officer", AcknowledgementResponse.ACCEPT);
        driver.advanceWallClockTime(ANSWER_WITHIN.plusSeconds(1));

        assertThat(decisions()).containsExactly(AuditDecision.DIRECTIVE_ISSUED, AuditDecision.DIRECTIVE_ESCALATED);
    }

    // --- attacks: publisher authority from the declared roles ------------------------------------

    @Test
    void anAgencyForgingAnotherAgencysRoleIsQuarantinedAndNothingIsTracked() {
        // ice claims the city's incident commander to task the Guard
        send("ice", SamplePayloads.barrierTasking("D-8", Instant.now(), ANSWER_WITHIN));
        // and the Guard answers as the city's incident commander
        answer("D-8", "guard", "incident-commander", AcknowledgementResponse.ACCEPT);
        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(quarantined())
                .satisfiesExactly(
                        q -> assertThat(q).startsWith("NOT_AUTHORIZED_TYPE"), // ice may not publish Directive at all
                        q -> assertThat(q)
                                .startsWith("ROLE_NOT_HELD")
                                .contains("guard declares responder guard/incident-commander"));
        assertThat(decisions()).isEmpty();
        assertThat(fixture.inbox(driver, "cpd")).isEmpty();
    }

    @Test
    void aGuardDirectiveClaimingTheCityCommanderIsQuarantinedAsRoleNotHeld() {
        Directive forged = SamplePayloads.barrierTasking("D-9", Instant.now(), ANSWER_WITHIN);
        send("guard", forged); // issuer cpd/incident-commander, sent by guard
        assertThat(quarantined())
                .singleElement()
                .asString()
                .startsWith("ROLE_NOT_HELD")
                .contains("guard declares issuer cpd/incident-commander");
        assertThat(decisions()).isEmpty();
    }

    @Test
    void aRoleIssuingAKindToAnAddresseeTheMouDoesNotGrantIsQuarantined() {
        Directive tooFar = SamplePayloads.barrierTasking("D-10", Instant.now(), ANSWER_WITHIN);
        tooFar.setAddressees(List.of(new CommandRoleRef("ice", "liaison-officer")));
        send("cpd", tooFar);
        Directive unknownKind = SamplePayloads.barrierTasking("D-11", Instant.now(), ANSWER_WITHIN);
        unknownKind.setKind("detain-person");
        send("cpd", unknownKind);

        assertThat(quarantined())
                .satisfiesExactly(
                        q -> assertThat(q)
                                .startsWith("DIRECTIVE_NOT_AUTHORIZED")
                                .contains("does not let cpd/incident-commander issue resource-tasking to"
                                        + " [ice/liaison-officer]"),
                        q -> assertThat(q)
                                .startsWith("DIRECTIVE_NOT_AUTHORIZED")
                                .contains("no directive kind 'detain-person'"));
        assertThat(decisions()).isEmpty();
        assertThat(fixture.inbox(driver, "ice")).isEmpty();
    }

    @Test
    void noAgencyMayIssueAnEscalationItself() {
        Escalation fake = Escalation.newBuilder()
                .setEscalationId("D-12/1")
                .setDirectiveId("D-12")
                .setKind("resource-tasking")
                .setIssuer(new CommandRoleRef("cpd", "incident-commander"))
                .setAddressees(List.of())
                .setOutstanding(List.of())
                .setStep(1)
                .setNotify(new CommandRoleRef("guard", "unit-commander"))
                .setCause(io.liaison.schemas.payload.EscalationCause.NO_ACKNOWLEDGEMENT)
                .setMissedDeadline(Instant.now())
                .setRespondBy(Instant.now())
                .build();
        send("cpd", fake);
        assertThat(quarantined()).singleElement().asString().startsWith("NOT_AUTHORIZED_TYPE");
    }
}
