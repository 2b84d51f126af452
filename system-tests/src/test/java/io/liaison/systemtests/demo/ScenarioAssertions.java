package io.liaison.systemtests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.consumer.InboxItem;
import io.liaison.demo.ScenarioReport;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.util.List;

/**
 * What the demo scenario must produce on any backbone, embedded or on containers: the same
 * assertions, so both end-to-end suites hold the stacks to one outcome.
 */
final class ScenarioAssertions {
    private ScenarioAssertions() {}

    /**
     * ice gets cpd's incident report with the immigration status withheld, cpd gets the Guard's
     * deployment order whole, the public gets only community notices and is denied the incident
     * report, and each of the five attacks or mistakes is quarantined for its own reason.
     */
    static void assertOneRedactedOneFullOneNothingAndEveryAttackQuarantined(ScenarioReport scenario) {
        InboxItem.Verified toIce = verified(scenario, "ice", "IncidentReport");
        assertThat(toIce.provenance().sender()).isEqualTo("cpd");
        assertThat(toIce.provenance().changedFields()).containsEntry("involvedPersons[0].immigrationStatus", "DROP");
        InboxItem.Verified toCpd = verified(scenario, "cpd", "DeploymentOrder");
        assertThat(toCpd.provenance().changedFields()).as("full copy").isEmpty();
        assertThat(scenario.received().get("public"))
                .allSatisfy(item -> assertThat(
                                ((InboxItem.Verified) item).provenance().messageType())
                        .isEqualTo("CommunityNotice"));
        assertThat(scenario.denied().get("public"))
                .extracting(a -> a.getMessageType())
                .contains("IncidentReport");
        assertThat(scenario.quarantined())
                .extracting(QuarantineRecord::getReasonCode)
                .containsExactlyInAnyOrder(
                        "SIGNATURE_INVALID", "REPLAY", "NOT_SEALED", "NOT_AUTHORIZED_TYPE", "SCHEMA_NOT_APPROVED");
    }

    /** The first copy of a {@code type} message that {@code agency}'s SDK verified, or an assertion error listing what it got. */
    static InboxItem.Verified verified(ScenarioReport report, String agency, String type) {
        List<InboxItem> items = report.received().get(agency);
        return items.stream()
                .filter(i -> i instanceof InboxItem.Verified v
                        && v.provenance().messageType().equals(type))
                .map(InboxItem.Verified.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError(agency + " received no verified " + type + ": " + items));
    }
}
