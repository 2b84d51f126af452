package io.liaison.cli.expunge;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** Refusals made before any connection: the cluster named here does not exist. */
class ExpungeCommandTest {
    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void anOrderReferenceThatIsNotShortPrintableTextIsRefusedByItsRule() {
        CommandRun run = CommandRun.execute(
                "expunge", "msg-1", "--sender", "cpd", "--order", "<b>order</b>", "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("liaison expunge: an order reference is 1 to 128 letters, digits");
    }

    @Test
    void aSenderThatIsNotAnAgencyIdIsRefused() {
        CommandRun run = CommandRun.execute(
                "expunge", "msg-1", "--sender", "Not An Agency", "--order", "ORDER-1", "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("liaison expunge: ").contains("Not An Agency");
    }

    @Test
    void theOrderAndTheSenderAreRequired() {
        CommandRun run = CommandRun.execute("expunge", "msg-1", "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--order").contains("--sender");
    }
}
