package io.liaison.policy.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.policy.Action;
import io.liaison.policy.simulation.SimulationReport.CopyChange;
import io.liaison.policy.simulation.SimulationReport.CopyKey;
import io.liaison.policy.simulation.SimulationReport.FieldKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicySimulationTest {
    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");

    private static Decided.Copy delivered(String to, String purpose, Map<String, String> actions) {
        return new Decided.Copy(to, true, purpose, "rule-" + to, actions);
    }

    private static Decided.Copy withheld(String to) {
        return new Decided.Copy(to, false, "", "default-deny", Map.of());
    }

    private static Decided accepted(String id, Decided.Copy... copies) {
        return new Decided(id, "cpd", "IncidentReport", Optional.empty(), List.of(copies));
    }

    private static SimulationReport simulate(Decided current, Decided candidate) {
        PolicySimulation simulation = new PolicySimulation("sha256:old", "sha256:new", SINCE);
        simulation.add(current, candidate);
        return simulation.report();
    }

    @Test
    void aCopyDeliveredOnlyUnderOnePolicyIsCountedAsNewlyDeliveredOrWithheldUnderItsPurpose() {
        SimulationReport report = simulate(
                accepted("m-1", delivered("ice", "crowd-safety", Map.of()), withheld("guard")),
                accepted("m-1", withheld("ice"), delivered("guard", "logistics", Map.of())));

        assertThat(report.copies())
                .containsOnly(
                        entry(new CopyKey("ice", "IncidentReport", "crowd-safety", CopyChange.NEWLY_WITHHELD), 1L),
                        entry(new CopyKey("guard", "IncidentReport", "logistics", CopyChange.NEWLY_DELIVERED), 1L));
        assertThat(report.fields()).isEmpty();
        assertThat(report.messages()).isEqualTo(1);
    }

    @Test
    void fieldActionsThatChangeAreCountedPerFieldWithArrayPositionsFolded() {
        PolicySimulation simulation = new PolicySimulation("sha256:old", "sha256:new", SINCE);
        for (String id : List.of("m-1", "m-2")) {
            simulation.add(
                    accepted(id, delivered("ice", "p", Map.of("persons[0].dateOfBirth", "DROP", "narrative", "MASK"))),
                    accepted(
                            id,
                            delivered(
                                    "ice",
                                    "p",
                                    Map.of(
                                            "persons[0].dateOfBirth",
                                            "GENERALIZE",
                                            "persons[1].dateOfBirth",
                                            "GENERALIZE",
                                            "narrative",
                                            "MASK",
                                            "persons[0].phone",
                                            "DROP"))));
        }
        SimulationReport report = simulate(
                accepted("m-3", delivered("ice", "p", Map.of("address", "GENERALIZE"))),
                accepted("m-3", delivered("ice", "p", Map.of())));

        assertThat(simulation.report().fields())
                .containsOnly(
                        entry(
                                new FieldKey(
                                        "ice",
                                        "IncidentReport",
                                        "p",
                                        "persons[].dateOfBirth",
                                        Action.DROP,
                                        Action.GENERALIZE),
                                2L),
                        entry(
                                new FieldKey("ice", "IncidentReport", "p", "persons[].phone", Action.KEEP, Action.DROP),
                                2L));
        assertThat(report.fields().keySet()).extracting(FieldKey::effect).containsExactly("newly released");
        assertThat(new FieldKey("a", "t", "p", "f", Action.DROP, Action.GENERALIZE).effect())
                .isEqualTo("newly released as GENERALIZE");
        assertThat(new FieldKey("a", "t", "p", "f", Action.KEEP, Action.MASK).effect())
                .isEqualTo("newly masked as MASK");
        assertThat(new FieldKey("a", "t", "p", "f", Action.MASK, Action.DROP).effect())
                .isEqualTo("newly dropped");
    }

    @Test
    void aMessageTheCandidateWouldRefuseIsCountedByReasonAndItsCopiesAsWithheld() {
        SimulationReport report = simulate(
                accepted("m-1", delivered("ice", "p", Map.of())),
                new Decided("m-1", "cpd", "IncidentReport", Optional.of("NOT_AUTHORIZED_TYPE"), List.of()));

        assertThat(report.newlyQuarantined()).containsOnly(entry("NOT_AUTHORIZED_TYPE", 1L));
        assertThat(report.copies())
                .containsOnly(entry(new CopyKey("ice", "IncidentReport", "p", CopyChange.NEWLY_WITHHELD), 1L));
    }

    @Test
    void identicalDecisionsChangeNothing() {
        PolicySimulation simulation = new PolicySimulation("sha256:old", "sha256:new", SINCE);
        Decided same = accepted("m-1", delivered("ice", "p", Map.of("a", "DROP")), withheld("guard"));
        simulation.add(same, same);
        simulation.addUnchanged();

        SimulationReport report = simulation.report();
        assertThat(report.changesNothing()).isTrue();
        assertThat(report.messages()).isEqualTo(2);
        assertThat(report.lines()).last().isEqualTo("no copy, field or quarantine decision would change");
    }

    @Test
    void decisionsOfTwoDifferentMessagesAreNotCompared() {
        PolicySimulation simulation = new PolicySimulation("sha256:old", "sha256:new", SINCE);
        assertThatThrownBy(() -> simulation.add(accepted("m-1"), accepted("m-2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m-1")
                .hasMessageContaining("m-2");
    }

    @Test
    void theJsonReadsBackAsTheSameReportAndTextNamesEachChange() throws Exception {
        SimulationReport report = simulate(
                accepted("m-1", delivered("ice", "crowd-safety", Map.of("dob", "KEEP")), withheld("guard")),
                accepted(
                        "m-1",
                        delivered("ice", "crowd-safety", Map.of("dob", "DROP")),
                        delivered("guard", "logistics", Map.of())));
        ObjectMapper json = new ObjectMapper();

        SimulationReport read =
                SimulationReport.fromJson(json.readTree(report.toJson().toString()));

        assertThat(read).isEqualTo(report);
        assertThat(report.lines())
                .contains("  guard · IncidentReport · logistics: 1 copy would newly be delivered")
                .contains("  ice · IncidentReport · crowd-safety: field dob KEEP → DROP (newly dropped) in 1 copy");
        assertThatThrownBy(() -> SimulationReport.fromJson(json.readTree("{\"copies\": []}")))
                .hasMessageContaining("'fields'");
    }
}
