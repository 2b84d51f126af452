package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.policy.command.CommandStructure;
import io.liaison.policy.command.EscalationStep;
import io.liaison.policy.command.RoleRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code command:} section: roles and contacts, grants, escalation paths, and what the loader refuses. */
class CommandPolicyTest {
    private static final String COMMAND = """
            command:
              purpose: logistics
              roles:
                cpd:
                  incident-commander: {title: Incident Commander, contact: Cmdr. A, channel: "+1-312-555-0100"}
                  legal-adviser: {title: Legal Adviser, contact: Duty counsel, channel: "+1-312-555-0109"}
                guard:
                  liaison-officer: {title: Guard Liaison, contact: CPT B, channel: radio GUARD-2}
                  unit-commander: {title: Commander, contact: LTC C, channel: radio GUARD-1}
              directives:
                resource-tasking:
                  description: Move things.
                  grants:
                    - {from: cpd/incident-commander, to: [guard/liaison-officer]}
                  escalation:
            """;

    private static Policy parse(String escalation) throws PolicyException {
        return PolicyLoader.parse("c.yaml", PolicyLoaderTest.MINIMAL + COMMAND + escalation);
    }

    @Test
    void rolesGrantsAndPathsAreRead() throws Exception {
        CommandStructure command = parse("""
                        - {notify: guard/unit-commander, within: PT10M}
                        - {notify: cpd/legal-adviser, within: PT15M}
                """).command();

        RoleRef commander = new RoleRef("cpd", "incident-commander");
        RoleRef liaison = new RoleRef("guard", "liaison-officer");
        assertThat(command.role(commander).orElseThrow().channel()).isEqualTo("+1-312-555-0100");
        assertThat(command.holds("cpd", commander)).isTrue();
        assertThat(command.holds("guard", commander))
                .as("a role is held only by its agency")
                .isFalse();
        assertThat(command.directiveRefusal(commander, "resource-tasking", Set.of(liaison)))
                .isEmpty();
        assertThat(command.directiveRefusal(
                        commander, "resource-tasking", Set.of(liaison, new RoleRef("guard", "unit-commander"))))
                .get()
                .asString()
                .contains("does not let cpd/incident-commander issue resource-tasking to [guard/unit-commander]");
        assertThat(command.directiveRefusal(liaison, "resource-tasking", Set.of(liaison)))
                .isPresent();
        assertThat(command.directiveRefusal(commander, "arrest-order", Set.of(liaison)))
                .get()
                .asString()
                .contains("no directive kind 'arrest-order'");
        assertThat(command.escalation("resource-tasking"))
                .containsExactly(
                        new EscalationStep(new RoleRef("guard", "unit-commander"), Duration.ofMinutes(10)),
                        new EscalationStep(new RoleRef("cpd", "legal-adviser"), Duration.ofMinutes(15)));
    }

    @Test
    void aLoopingPathIsRefusedNamingTheStep() {
        assertThatThrownBy(() -> parse("""
                        - {notify: guard/unit-commander, within: PT10M}
                        - {notify: cpd/legal-adviser, within: PT15M}
                        - {notify: guard/unit-commander, within: PT15M}
                """))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).errors())
                        .singleElement()
                        .asString()
                        .contains("command.directives.resource-tasking.escalation[2].notify")
                        .contains("the escalation path loops: guard/unit-commander is already step 0"));
    }

    @Test
    void unknownRolesAgenciesAndBadDurationsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> parse("""
                        - {notify: guard/sergeant, within: PT10M}
                        - {notify: fbi/agent, within: PT10M}
                        - {notify: cpd/legal-adviser, within: ten minutes}
                        - {notify: cpd-legal-adviser, within: PT1M}
                """))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).errors())
                        .anySatisfy(m -> assertThat(m).contains("escalation[0].notify: unknown role 'guard/sergeant'"))
                        .anySatisfy(m -> assertThat(m).contains("escalation[1].notify: unknown agency 'fbi'"))
                        .anySatisfy(m ->
                                assertThat(m).contains("escalation[2].within: expected a positive ISO-8601 duration"))
                        .anySatisfy(m -> assertThat(m).contains("escalation[3].notify: expected agency/role")));
    }

    @Test
    void anEmptyPathAndAnUnknownGrantRoleAreRefused() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        "c.yaml",
                        PolicyLoaderTest.MINIMAL
                                + COMMAND.replace("to: [guard/liaison-officer]", "to: [guard/cook]")
                                + "        []\n"))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).errors())
                        .anySatisfy(m -> assertThat(m).contains("grants[0].to: unknown role 'guard/cook'"))
                        .anySatisfy(m -> assertThat(m)
                                .contains("resource-tasking.escalation: expected a non-empty list of steps")));
    }

    @Test
    void theCommandPurposeMustBeDeclaredByEveryAgencyHoldingARole() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        "c.yaml",
                        PolicyLoaderTest.MINIMAL.replace(
                                        "guard: {name: Guard, role: guard, purposes: [logistics], standing: [logistics]}",
                                        "guard: {name: Guard, role: guard, purposes: [], standing: []}")
                                + COMMAND.replace("purpose: logistics", "purpose: logistics")
                                + "        - {notify: cpd/legal-adviser, within: PT15M}\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("command.roles.guard: guard holds command roles, so it must declare the"
                        + " command purpose 'logistics'");
        assertThatThrownBy(() -> PolicyLoader.parse(
                        "c.yaml",
                        PolicyLoaderTest.MINIMAL
                                + COMMAND.replace("purpose: logistics", "purpose: commanding")
                                + "        - {notify: cpd/legal-adviser, within: PT15M}\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("command.purpose: unknown purpose 'commanding'");
    }

    @Test
    void noAgencyMayPublishEscalations() {
        assertThatThrownBy(() -> PolicyLoader.parse(
                        "c.yaml",
                        PolicyLoaderTest.MINIMAL.replace(
                                "guard: [ResourceRequest]", "guard: [ResourceRequest, Escalation]")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("publishers.guard: Escalation is issued by the backbone alone");
    }

    @Test
    void theExamplePolicyDeclaresTheCommandPost() throws Exception {
        CommandStructure command =
                PolicyLoader.load(Path.of("../config/policy.yaml")).command();
        assertThat(command.kinds()).containsKeys("resource-tasking", "crowd-safety-measure");
        assertThat(command.escalation("crowd-safety-measure"))
                .extracting(EscalationStep::authority)
                .containsExactly(
                        new RoleRef("guard", "unit-commander"),
                        new RoleRef("cpd", "legal-adviser"),
                        new RoleRef("oversight", "duty-officer"));
        assertThat(List.copyOf(command.roles().keySet())).contains(new RoleRef("ice", "liaison-officer"));
    }
}
