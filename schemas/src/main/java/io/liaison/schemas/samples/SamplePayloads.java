package io.liaison.schemas.samples;

import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.common.CommandRoleRef;
import io.liaison.schemas.common.ImmigrationStatus;
import io.liaison.schemas.common.Location;
import io.liaison.schemas.common.Person;
import io.liaison.schemas.common.PersonRole;
import io.liaison.schemas.payload.Acknowledgement;
import io.liaison.schemas.payload.AcknowledgementResponse;
import io.liaison.schemas.payload.CommunityNotice;
import io.liaison.schemas.payload.CrowdMood;
import io.liaison.schemas.payload.DeploymentOrder;
import io.liaison.schemas.payload.Directive;
import io.liaison.schemas.payload.Escalation;
import io.liaison.schemas.payload.EscalationCause;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.ResourceRequest;
import io.liaison.schemas.payload.ResourceType;
import io.liaison.schemas.payload.Severity;
import io.liaison.schemas.payload.SituationReport;
import io.liaison.schemas.payload.WarrantKind;
import io.liaison.schemas.payload.WarrantNotice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Realistic instances of each contract, for the demo scenario, examples, benchmarks and tests.
 * All people, places and numbers are invented.
 */
public final class SamplePayloads {
    static {
        LiaisonSchemas.trustGeneratedClasses(); // callers copy these records with the generated builders
    }

    private SamplePayloads() {}

    public static Location unitedCenter() {
        return new Location(41.8807, -87.6742, "1901 W Madison St", "District 12");
    }

    public static Location daleyPlaza() {
        return new Location(41.8842, -87.6300, "50 W Washington St", "District 1");
    }

    public static IncidentReport shotsFiredReport(String incidentId, Instant at) {
        return IncidentReport.newBuilder()
                .setIncidentId(incidentId)
                .setOccurredAt(at)
                .setOffenseCategory("SHOTS_FIRED")
                .setSeverity(Severity.HIGH)
                .setLocation(unitedCenter())
                .setNarrative("Officers responded to shots fired near 1901 W Madison St. Witness Maria Lopez "
                        + "(phone 312-555-0147) saw suspect Daniel Reyes flee in a grey sedan, plate ABC 1234. "
                        + "Reyes, DOB 03/14/1991, SSN 412-55-1234 on file.")
                .setReportingOfficer("Officer J. Kowalski #4471")
                .setInvolvedPersons(List.of(
                        Person.newBuilder()
                                .setRole(PersonRole.SUSPECT)
                                .setName("Daniel Reyes")
                                .setDateOfBirth(LocalDate.of(1991, 3, 14))
                                .setAddress("2240 S Kedzie Ave, Chicago IL")
                                .setPhone("312-555-0199")
                                .setImmigrationStatus(ImmigrationStatus.UNDOCUMENTED)
                                .setCriminalHistoryFlags(List.of("PRIOR_FIREARM", "PAROLE"))
                                .build(),
                        Person.newBuilder()
                                .setRole(PersonRole.WITNESS)
                                .setName("Maria Lopez")
                                .setDateOfBirth(LocalDate.of(1985, 7, 2))
                                .setAddress("1833 W Monroe St, Chicago IL")
                                .setPhone("312-555-0147")
                                .setImmigrationStatus(ImmigrationStatus.LAWFUL_PERMANENT_RESIDENT)
                                .setCriminalHistoryFlags(List.of())
                                .build()))
                .build();
    }

    public static WarrantNotice warrant(String warrantId, WarrantKind kind, Instant at) {
        return WarrantNotice.newBuilder()
                .setWarrantId(warrantId)
                .setKind(kind)
                .setIssuingAuthority(
                        kind == WarrantKind.CRIMINAL ? "US District Court N.D. Ill." : "ICE Field Office Chicago")
                .setIssuedAt(at.minus(Duration.ofDays(2)))
                .setExpiresAt(at.plus(Duration.ofDays(90)))
                .setSubject(Person.newBuilder()
                        .setRole(PersonRole.SUBJECT)
                        .setName("Viktor Han")
                        .setDateOfBirth(LocalDate.of(1979, 11, 30))
                        .setAddress("4410 N Broadway, Chicago IL")
                        .setPhone(null)
                        .setImmigrationStatus(ImmigrationStatus.VISA_HOLDER)
                        .setCriminalHistoryFlags(List.of("FIREARMS_TRAFFICKING"))
                        .build())
                .setCharges(
                        kind == WarrantKind.CRIMINAL
                                ? List.of("18 USC 922(g)", "18 USC 933")
                                : List.of("INA 237(a)(1)(C)"))
                .build();
    }

    public static DeploymentOrder deployment(String orderId, Instant at) {
        return DeploymentOrder.newBuilder()
                .setOrderId(orderId)
                .setUnit("2-130th Infantry, Company B")
                .setMission("Perimeter and traffic control for the United Center rally")
                .setStaging(new Location(41.8790, -87.6770, "Lot K, 2100 W Madison St", "District 12"))
                .setStartAt(at.plus(Duration.ofHours(2)))
                .setEndAt(at.plus(Duration.ofHours(14)))
                .setPersonnelCount(120)
                .setVehicles(14)
                .setCommandingOfficer("CPT Andrea Whitfield")
                .build();
    }

    public static ResourceRequest barriers(String requestId, Instant at) {
        return ResourceRequest.newBuilder()
                .setRequestId(requestId)
                .setResourceType(ResourceType.BARRIERS)
                .setQuantity(200)
                .setDeliverTo(daleyPlaza())
                .setNeededBy(at.plus(Duration.ofHours(3)))
                .setJustification("Crowd of 15,000 expected at Daley Plaza; contact Sgt. Paul Brenner at 312-555-0110.")
                .setContactPhone("312-555-0110")
                .build();
    }

    public static SituationReport sitrep(String reportId, Instant at) {
        return SituationReport.newBuilder()
                .setReportId(reportId)
                .setEventName("Daley Plaza rally")
                .setLocation(daleyPlaza())
                .setObservedAt(at)
                .setEstimatedCrowdSize(12000)
                .setCrowdMood(CrowdMood.TENSE)
                .setArrests(3)
                .setInjuries(1)
                .setNarrative(
                        "Crowd pushing at the north barrier line on Washington St; one minor injury treated on site.")
                .build();
    }

    public static CommunityNotice roadClosure(String noticeId, Instant at) {
        return CommunityNotice.newBuilder()
                .setNoticeId(noticeId)
                .setTitle("Road closures around Daley Plaza")
                .setBody("Washington St between Clark and Dearborn is closed until 22:00. Use the Blue Line.")
                .setArea("The Loop")
                .setPublishedAt(at)
                .setExpiresAt(at.plus(Duration.ofHours(10)))
                .build();
    }

    /** The incident commander tasks the Guard's liaison officer with barriers, to answer within {@code answerWithin}. */
    public static Directive barrierTasking(String directiveId, Instant at, Duration answerWithin) {
        return Directive.newBuilder()
                .setDirectiveId(directiveId)
                .setKind("resource-tasking")
                .setIssuer(new CommandRoleRef("cpd", "incident-commander"))
                .setAddressees(List.of(new CommandRoleRef("guard", "liaison-officer")))
                .setInstructions("Stage 200 barriers on Washington St between Clark and Dearborn by 17:00.")
                .setIssuedAt(at)
                .setDeadline(at.plus(answerWithin))
                .build();
    }

    /** {@code responder} ({@code agency/role}) accepts or declines {@code directiveId}. */
    public static Acknowledgement acknowledgement(
            String directiveId, String agency, String role, AcknowledgementResponse response, Instant at) {
        return Acknowledgement.newBuilder()
                .setDirectiveId(directiveId)
                .setResponder(new CommandRoleRef(agency, role))
                .setResponse(response)
                .setReason(
                        response == AcknowledgementResponse.DECLINE
                                ? "All barrier trucks are committed at the United Center until 19:00."
                                : null)
                .setRespondedAt(at)
                .build();
    }

    /** What the backbone issues when {@link #barrierTasking} is not answered by {@code missed}: step 1 of its path. */
    public static Escalation escalation(String directiveId, Instant missed) {
        CommandRoleRef liaison = new CommandRoleRef("guard", "liaison-officer");
        return Escalation.newBuilder()
                .setEscalationId(directiveId + "/1")
                .setDirectiveId(directiveId)
                .setKind("resource-tasking")
                .setIssuer(new CommandRoleRef("cpd", "incident-commander"))
                .setAddressees(List.of(liaison))
                .setOutstanding(List.of(liaison))
                .setStep(1)
                .setNotify(new CommandRoleRef("guard", "unit-commander"))
                .setCause(EscalationCause.NO_ACKNOWLEDGEMENT)
                .setMissedDeadline(missed)
                .setRespondBy(missed.plus(Duration.ofMinutes(10)))
                .build();
    }
}
