package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.systemtests.reliability.OutputLog.Copy;
import io.liaison.systemtests.reliability.OutputLog.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final Map<String, String> REDACTED = Map.of("narrative", "DROP");
    private static final Map<Template, Map<String, Optional<Map<String, String>>>> EXPECTED =
            Map.of(Template.CPD_INCIDENT, fanOut());

    private static Map<String, Optional<Map<String, String>>> fanOut() {
        Map<String, Optional<Map<String, String>>> m = new LinkedHashMap<>();
        m.put("ice", Optional.of(REDACTED));
        m.put("guard", Optional.of(Map.of()));
        m.put("public", Optional.empty());
        return m;
    }

    private static final Map<String, Template> ACCEPTED = Map.of("m1", Template.CPD_INCIDENT);
    private static final List<Decision> AUDIT = List.of(
            new Decision("ice", "DELIVERED"), new Decision("guard", "DELIVERED"), new Decision("public", "DENIED"));

    @Test
    void oneRightCopyPerPermittedRecipientAndOneAuditRecordPerDecisionIsExact() {
        Tally t = Tally.count(
                ACCEPTED,
                EXPECTED,
                Map.of("m1", List.of(new Copy("ice", "ice", REDACTED), new Copy("guard", "guard", Map.of()))),
                Map.of("m1", AUDIT),
                Set.of());

        assertThat(t.exact()).as(t.summary()).isTrue();
        assertThat(t.delivered()).isEqualTo(t.expectedCopies()).isEqualTo(2);
    }

    @Test
    void aSecondCopyIsADuplicateAndAMissingOneIsMissing() {
        Tally t = Tally.count(
                ACCEPTED,
                EXPECTED,
                Map.of("m1", List.of(new Copy("ice", "ice", REDACTED), new Copy("ice", "ice", REDACTED))),
                Map.of("m1", AUDIT),
                Set.of());

        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.missing()).isEqualTo(1);
        assertThat(t.complete()).isFalse();
    }

    @Test
    void aCopyForADeniedRecipientOrUnderAnotherNameIsALeak() {
        Tally t = Tally.count(
                ACCEPTED,
                EXPECTED,
                Map.of(
                        "m1",
                        List.of(
                                new Copy("ice", "ice", REDACTED),
                                new Copy("guard", "ice", Map.of()),
                                new Copy("public", "public", Map.of()))),
                Map.of("m1", AUDIT),
                Set.of());

        assertThat(t.leaked()).isEqualTo(2);
        assertThat(t.exact()).isFalse();
    }

    @Test
    void aCopyWithOtherFieldActionsIsARedactionMismatch() {
        Tally t = Tally.count(
                ACCEPTED,
                EXPECTED,
                Map.of("m1", List.of(new Copy("ice", "ice", Map.of()), new Copy("guard", "guard", Map.of()))),
                Map.of("m1", AUDIT),
                Set.of());

        assertThat(t.redactionMismatches()).isEqualTo(1);
        assertThat(t.complete()).isTrue();
        assertThat(t.exact()).isFalse();
    }

    @Test
    void auditRecordsAreCountedPerDecisionAndAWrongDecisionIsExtra() {
        List<Decision> audit = List.of(
                new Decision("ice", "DELIVERED"),
                new Decision("ice", "DELIVERED"),
                new Decision("public", "DELIVERED"));
        Tally t = Tally.count(
                ACCEPTED,
                EXPECTED,
                Map.of("m1", List.of(new Copy("ice", "ice", REDACTED), new Copy("guard", "guard", Map.of()))),
                Map.of("m1", audit),
                Set.of());

        assertThat(t.auditMissing()).as("guard and public's DENIED").isEqualTo(2);
        assertThat(t.auditExtra())
                .as("a second ice record and a DELIVERED for public")
                .isEqualTo(2);
    }

    @Test
    void theQuarantineRecordOfAReplayedCopyIsNotAnExtraDecision() {
        List<Decision> audit = new java.util.ArrayList<>(AUDIT);
        audit.add(new Decision(null, "QUARANTINED"));
        Tally t = Tally.count(
                ACCEPTED,
                EXPECTED,
                Map.of("m1", List.of(new Copy("ice", "ice", REDACTED), new Copy("guard", "guard", Map.of()))),
                Map.of("m1", audit),
                Set.of());

        assertThat(t.exact()).as(t.summary()).isTrue();
    }

    @Test
    void anAcceptedMessageThatWasQuarantinedIsCounted() {
        Tally t = Tally.count(ACCEPTED, EXPECTED, Map.of(), Map.of(), Set.of("m1"));

        assertThat(t.quarantined()).isEqualTo(1);
        assertThat(t.missing()).isEqualTo(2);
    }
}
