package io.liaison.audit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.liaison.audit.AuditFixtures;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 4: directives, complaints and public notices in the transparency report, counted
 * from audit records built here as the command processor, the intake and the backbone write them
 * (directives: sender = issuing agency, recipient = the agency concerned, rule id
 * {@code command.directives.<kind>}, an escalation's cause in reasonCode; complaints:
 * messageId = receipt, reasonCode = category, then the new status).
 */
class OutcomesReportTest {
    static final Policy POLICY = policy();
    static final Map<String, String> KINDS =
            Map.of("resource-tasking", "Move or supply equipment.", "crowd-safety-measure", "Hold a crowd line.");

    static Policy policy() {
        try {
            return PolicyLoader.parse("outcomes.yaml", AuditFixtures.POLICY_YAML + """
                    complaints:
                      oversight: dhs
                      publicAgency: ems
                      categories:
                        use-of-force: Force used by an officer
                        conduct: Rude or threatening conduct
                    """);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final List<AuditRecord> log = new ArrayList<>();

    private void add(
            AuditDecision decision, String messageId, String type, String sender, String recipient, String reason) {
        add(decision, messageId, type, sender, recipient, reason, List.of());
    }

    private void add(
            AuditDecision decision,
            String messageId,
            String type,
            String sender,
            String recipient,
            String reason,
            List<String> ruleIds) {
        log.add(AuditRecord.newBuilder()
                .setRuleIds(ruleIds)
                .setRecordId("r" + log.size())
                .setEventTime(AuditFixtures.T0.plus(Duration.ofMinutes(log.size())))
                .setDecision(decision)
                .setMessageId(messageId)
                .setMessageType(type)
                .setSender(sender)
                .setRecipient(recipient)
                .setReasonCode(reason)
                .setReleasingComponent("test")
                .build());
    }

    /** As the backbone's directive tracker writes them: the kind as rule id, an escalation's cause in reasonCode. */
    private void directive(String id, String issuer, String addressee, String kind, AuditDecision... steps) {
        List<String> rule = List.of("command.directives." + kind);
        add(AuditDecision.DIRECTIVE_ISSUED, id, "Directive", issuer, addressee, null, rule);
        for (AuditDecision step : steps) {
            boolean escalation = step == AuditDecision.DIRECTIVE_ESCALATED;
            add(
                    step,
                    id,
                    escalation ? "Escalation" : "Acknowledgement",
                    issuer,
                    addressee,
                    escalation ? "DEADLINE_PASSED" : null,
                    rule);
        }
    }

    private TransparencyReport report(int k) {
        return TransparencyReport.compute(
                new Checkpoint(AuditFixtures.ORIGIN, log.size(), new byte[32]), log, POLICY, KINDS, null, null, k);
    }

    private static List<TransparencyReport.Cell> cells(TransparencyReport report, String table) {
        return report.tables().stream()
                .filter(t -> t.id().equals(table))
                .findFirst()
                .orElseThrow()
                .cells();
    }

    @Test
    void directivesAreCountedByStepWithTheIssuingAgencyAndTheKind() {
        for (int i = 0; i < 12; i++) {
            directive("d" + i, "police", "fire", "resource-tasking", AuditDecision.DIRECTIVE_ACKNOWLEDGED);
        }
        for (int i = 0; i < 3; i++) {
            directive(
                    "e" + i,
                    "fire",
                    "police",
                    "crowd-safety-measure",
                    AuditDecision.DIRECTIVE_ESCALATED,
                    AuditDecision.DIRECTIVE_ESCALATED,
                    AuditDecision.DIRECTIVE_UNRESOLVED);
        }
        directive("x", "police", "fire", "<script>made-up</script>");

        TransparencyReport report = report(1);

        assertThat(cells(report, "directives-by-agency"))
                .extracting(TransparencyReport.Cell::key, TransparencyReport.Cell::count)
                .containsExactly(
                        tuple("DIRECTIVE_ISSUED:police", 13L),
                        tuple("DIRECTIVE_ISSUED:fire", 3L),
                        tuple("DIRECTIVE_ACKNOWLEDGED:police", 12L),
                        tuple("DIRECTIVE_ESCALATED:fire", 6L),
                        tuple("DIRECTIVE_UNRESOLVED:fire", 3L));
        assertThat(cells(report, "directives-by-kind"))
                .extracting(
                        TransparencyReport.Cell::key, TransparencyReport.Cell::label, TransparencyReport.Cell::count)
                .contains(
                        tuple("DIRECTIVE_ISSUED:resource-tasking", "issued: Move or supply equipment.", 12L),
                        tuple("DIRECTIVE_ESCALATED:crowd-safety-measure", "escalated: Hold a crowd line.", 6L),
                        tuple(ReportVocabulary.UNDECLARED.key(), ReportVocabulary.UNDECLARED.label(), 1L));
        assertThat(cells(report, "directives-by-kind"))
                .extracting(TransparencyReport.Cell::label)
                .noneMatch(l -> l.contains("script"));
    }

    @Test
    void complaintsAreCountedOnceEachByCategoryAndLatestStatus() {
        for (int i = 0; i < 11; i++) {
            add(AuditDecision.COMPLAINT_RECEIVED, "C-" + i, "Complaint", null, "dhs", "use-of-force");
        }
        add(AuditDecision.COMPLAINT_STATUS_CHANGED, "C-0", "Complaint", "dhs", null, "under-review");
        add(AuditDecision.COMPLAINT_STATUS_CHANGED, "C-0", "Complaint", "dhs", null, "closed");
        add(AuditDecision.COMPLAINT_STATUS_CHANGED, "C-1", "Complaint", "dhs", null, "referred");
        add(AuditDecision.COMPLAINT_RECEIVED, "C-99", "Complaint", null, "dhs", "conduct");

        assertThat(cells(report(1), "complaints"))
                .extracting(TransparencyReport.Cell::key, TransparencyReport.Cell::count)
                .containsExactly(
                        tuple("use-of-force:received", 9L),
                        tuple("use-of-force:referred", 1L),
                        tuple("use-of-force:closed", 1L),
                        tuple("conduct:received", 1L));
    }

    @Test
    void smallCountsAreSuppressedInTheNewTablesWithAComplementaryCell() {
        for (int i = 0; i < 11; i++) {
            add(AuditDecision.COMPLAINT_RECEIVED, "C-" + i, "Complaint", null, "dhs", "use-of-force");
        }
        add(AuditDecision.COMPLAINT_RECEIVED, "C-99", "Complaint", null, "dhs", "conduct");
        for (int i = 0; i < 20; i++) {
            directive("d" + i, "police", "fire", "resource-tasking");
        }
        directive("f", "fire", "police", "resource-tasking");

        TransparencyReport report = report(10);

        assertThat(cells(report, "complaints"))
                .extracting(TransparencyReport.Cell::key, c -> c.display(10))
                .containsExactly(tuple("use-of-force:received", "<10"), tuple("conduct:received", "<10"));
        assertThat(cells(report, "directives-by-agency"))
                .extracting(TransparencyReport.Cell::key, c -> c.display(10))
                .containsExactly(tuple("DIRECTIVE_ISSUED:police", "<10"), tuple("DIRECTIVE_ISSUED:fire", "<10"));
    }

    @Test
    void publicNoticesAreCommunityNoticeCopiesDeliveredToThePublicAgencyOnly() {
        for (int i = 0; i < 4; i++) {
            add(AuditDecision.DELIVERED, "n" + i, "CommunityNotice", "police", "ems", null);
        }
        add(AuditDecision.DELIVERED, "n9", "CommunityNotice", "police", "fire", null); // not to the public
        add(AuditDecision.DENIED, "n8", "CommunityNotice", "police", "ems", "RULE"); // withheld
        add(AuditDecision.DELIVERED, "s1", "SituationReport", "police", "ems", null); // not a notice

        assertThat(cells(report(1), "notices"))
                .extracting(
                        TransparencyReport.Cell::key, TransparencyReport.Cell::label, TransparencyReport.Cell::count)
                .containsExactly(tuple("police", "City police", 4L));
    }

    @Test
    void aPolicyWithoutAComplaintsSectionPublishesNoComplaintOrNoticeRows() {
        add(AuditDecision.COMPLAINT_RECEIVED, "C-1", "Complaint", null, "dhs", "use-of-force");
        add(AuditDecision.DELIVERED, "n1", "CommunityNotice", "police", "ems", null);

        TransparencyReport report = TransparencyReport.compute(
                new Checkpoint(AuditFixtures.ORIGIN, log.size(), new byte[32]),
                log,
                AuditFixtures.policy(),
                null,
                null,
                1);

        assertThat(cells(report, "complaints"))
                .extracting(TransparencyReport.Cell::key)
                .containsExactly(ReportVocabulary.UNDECLARED.key());
        assertThat(cells(report, "notices")).isEmpty();
    }
}
