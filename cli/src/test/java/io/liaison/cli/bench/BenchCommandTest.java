package io.liaison.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.Liaison;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code liaison bench} refuses before it starts anything. */
class BenchCommandTest {
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cl = Liaison.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void outOfRangeOptionsAreUsageErrorsNamingTheOption() {
        assertThat(execute("bench", "--messages", "10", "--policy", "../config/policy.yaml"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--messages must be between 100");
    }

    @Test
    void aRecipientCountThePolicyDoesNotHaveIsRefused() {
        assertThat(execute("bench", "--agencies", "3", "--policy", "../config/policy.yaml"))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("--agencies 3 does not match policy")
                .contains("4 recipient agencies");
    }
}
