package io.liaison.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.retention.ReviewDue.TypeDue;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReviewDueTest {
    private static final String POLICY = """
            name: retention
            purposes:
              logistics: Moving things.
            agencies:
              cpd: {name: City police, role: police, purposes: [logistics], standing: [logistics]}
              guard: {name: Guard, role: guard, purposes: [logistics], standing: [logistics]}
            publishers:
              cpd: [WarrantNotice, SituationReport]
            profiles:
              ops:
                description: Operational only.
                actions: {OPERATIONAL: KEEP}
            rules:
              - id: to-guard
                description: To the guard.
                effect: allow
                profile: ops
                match: {recipients: [guard]}
            approvals:
              required: 2
              approvers: [cpd, guard]
            retention:
              guard:
                inbox: P30D
                messageTypes:
                  WarrantNotice: {inbox: P5Y, reviewEvery: P1Y}
            """;
    private static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");

    private static Policy policy() throws Exception {
        return PolicyLoader.parse("retention.yaml", POLICY);
    }

    private static AuditRecord record(
            AuditDecision decision, String messageId, String type, String recipient, String at) {
        return AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(Instant.parse(at))
                .setDecision(decision)
                .setMessageId(messageId)
                .setMessageType(type)
                .setSender("cpd")
                .setRecipient(recipient)
                .setPolicyVersion("v1")
                .setRuleIds(List.of())
                .setFieldActions(List.of())
                .setReleasingComponent("test")
                .build();
    }

    private static AuditRecord delivered(String messageId, String type, String at) {
        return record(AuditDecision.DELIVERED, messageId, type, "guard", at);
    }

    @Test
    void deliveriesPastTheirTypesReviewPeriodAreDueGroupedByTypeWithCountAndOldest() throws Exception {
        List<AuditRecord> log = List.of(
                delivered("w1", "WarrantNotice", "2024-02-01T00:00:00Z"),
                delivered("w2", "WarrantNotice", "2025-05-31T00:00:00Z"),
                delivered("w3", "WarrantNotice", "2025-06-02T00:00:00Z"), // less than a year
                delivered("s1", "SituationReport", "2026-04-01T00:00:00Z"), // past its 30 days
                delivered("s2", "SituationReport", "2026-05-20T00:00:00Z"));

        assertThat(ReviewDue.compute(policy(), "guard", log, AS_OF))
                .extracting(TypeDue::messageType, TypeDue::due, TypeDue::pastRetention, TypeDue::oldest)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "SituationReport", 1L, 1L, Instant.parse("2026-04-01T00:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(
                                "WarrantNotice", 2L, 0L, Instant.parse("2024-02-01T00:00:00Z")));
    }

    @Test
    void anExpungedMessageOtherAgenciesDeliveriesAndDenialsAreNotDue() throws Exception {
        List<AuditRecord> log = List.of(
                delivered("w1", "WarrantNotice", "2024-02-01T00:00:00Z"),
                record(AuditDecision.EXPUNGED, "w1", "WarrantNotice", null, "2026-05-01T00:00:00Z"),
                record(AuditDecision.DENIED, "w2", "WarrantNotice", "guard", "2024-02-01T00:00:00Z"),
                record(AuditDecision.DELIVERED, "w3", "WarrantNotice", "cpd", "2024-02-01T00:00:00Z"));

        assertThat(ReviewDue.compute(policy(), "guard", log, AS_OF)).isEmpty();
        // cpd declares no retention: nothing is ever due for it
        assertThat(ReviewDue.compute(policy(), "cpd", log, AS_OF)).isEmpty();
    }

    @Test
    void aPurgeAfterAsOfAndACopyDeliveredTwiceCountTheMessageOnce() throws Exception {
        List<AuditRecord> log = List.of(
                delivered("w1", "WarrantNotice", "2024-02-01T00:00:00Z"),
                delivered("w1", "WarrantNotice", "2024-02-02T00:00:00Z"),
                record(AuditDecision.EXPUNGED, "w1", "WarrantNotice", null, "2026-07-01T00:00:00Z"));

        assertThat(ReviewDue.compute(policy(), "guard", log, AS_OF))
                .singleElement()
                .satisfies(row -> assertThat(row.due()).isEqualTo(1));
    }
}
