package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.command.CommandEvent;
import io.liaison.schemas.command.DirectiveState;
import io.liaison.schemas.command.DirectiveStatus;
import io.liaison.schemas.common.CommandRoleRef;
import io.liaison.schemas.common.EscalationHop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker's rules without Kafka: several addressees, a reused directive id, the store's bytes. */
class DirectiveTrackingTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final CommandRoleRef COMMANDER = new CommandRoleRef("cpd", "incident-commander");
    private static final CommandRoleRef GUARD = new CommandRoleRef("guard", "liaison-officer");
    private static final CommandRoleRef ICE = new CommandRoleRef("ice", "liaison-officer");
    private static final CommandRoleRef UNIT = new CommandRoleRef("guard", "unit-commander");

    private static CommandEvent directive(String sender, List<CommandRoleRef> to) {
        return CommandEvent.newBuilder()
                .setDirectiveId("D-1")
                .setMessageId("m-" + sender)
                .setSender(sender)
                .setRole(COMMANDER)
                .setKind("crowd-safety-measure")
                .setAddressees(to)
                .setPath(List.of(new EscalationHop(UNIT, Duration.ofMinutes(10).toMillis())))
                .setDeadline(T0.plusSeconds(60))
                .setPolicyVersion("sha256:test")
                .setPurpose("joint-command")
                .setAcceptedAt(T0)
                .build();
    }

    private static CommandEvent answer(CommandRoleRef who, String response) {
        return CommandEvent.newBuilder()
                .setDirectiveId("D-1")
                .setMessageId("a-" + who)
                .setSender(who.getAgency())
                .setRole(who)
                .setResponse(response)
                .setPolicyVersion("sha256:test")
                .setAcceptedAt(T0)
                .build();
    }

    @Test
    void withTwoAddresseesOneSilentTheEscalationNamesTheSilentOne() {
        DirectiveTracking.Step s = DirectiveTracking.onEvent(null, directive("cpd", List.of(GUARD, ICE)), T0);
        s = DirectiveTracking.onEvent(s.state(), answer(GUARD, "ACCEPT"), T0.plusSeconds(5));
        assertThat(s.state().getStatus()).isEqualTo(DirectiveStatus.OPEN);
        assertThat(DirectiveTracking.onTime(s.state(), T0.plusSeconds(59)).effects())
                .isEmpty();

        s = DirectiveTracking.onTime(s.state(), T0.plusSeconds(61));

        assertThat(s.effects()).singleElement().isInstanceOfSatisfying(DirectiveTracking.Effect.Notify.class, n -> {
            assertThat(n.escalation().getOutstanding()).containsExactly(ICE);
            assertThat(n.escalation().getNotify()).isEqualTo(UNIT);
            assertThat(n.escalation().getRespondBy())
                    .isEqualTo(T0.plusSeconds(61).plus(Duration.ofMinutes(10)));
            assertThat(n.purpose()).isEqualTo("joint-command");
            assertThat(n.audit().decision()).isEqualTo(AuditDecision.DIRECTIVE_ESCALATED);
        });
        assertThat(DirectiveProcessor.read(DirectiveProcessor.write(s.state())))
                .as("the store's bytes read back")
                .isEqualTo(s.state());
    }

    @Test
    void aSecondDirectiveUnderATrackedIdReplacesNothing() {
        DirectiveTracking.Step s = DirectiveTracking.onEvent(null, directive("cpd", List.of(GUARD)), T0);
        DirectiveState before = DirectiveProcessor.read(DirectiveProcessor.write(s.state()));

        DirectiveTracking.Step again = DirectiveTracking.onEvent(s.state(), directive("guard", List.of(ICE)), T0);

        assertThat(again.effects()).isEmpty();
        assertThat(again.state()).isEqualTo(before);
    }

    @Test
    void aDeclineAtTheEndOfThePathLeavesItUnresolved() {
        DirectiveTracking.Step s = DirectiveTracking.onEvent(null, directive("cpd", List.of(GUARD)), T0);
        s = DirectiveTracking.onTime(s.state(), T0.plusSeconds(61)); // step 1: the unit commander
        s = DirectiveTracking.onEvent(s.state(), answer(UNIT, "DECLINE"), T0.plusSeconds(90));

        assertThat(s.state().getStatus()).isEqualTo(DirectiveStatus.UNRESOLVED);
        assertThat(s.effects())
                .extracting(e -> ((DirectiveTracking.Effect.Audit) e).decision())
                .containsExactly(AuditDecision.DIRECTIVE_DECLINED, AuditDecision.DIRECTIVE_UNRESOLVED);
    }
}
