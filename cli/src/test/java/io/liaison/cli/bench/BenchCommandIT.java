package io.liaison.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.Liaison;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The harness end to end on a real embedded backbone, small enough for the test suite. */
class BenchCommandIT {
    @Test
    void aSmallRunPrintsEveryFigureAndEndsWithTheRatioThenTheFloorRatio() {
        CommandLine cl = Liaison.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int exit =
                cl.execute("bench", "--messages", "2000", "--phase-seconds", "1", "--policy", "../config/policy.yaml");

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines)
                .anyMatch(l -> l.startsWith("pipeline input: "))
                .anyMatch(l -> l.startsWith("latency at 50% "))
                .anyMatch(l -> l.matches("fan-out floor \\(.*\\): \\d+ msg/s"))
                .anyMatch(l -> l.matches("sealed floor \\(.*\\): \\d+ msg/s"))
                .anyMatch(l -> l.matches("passthrough on a plaintext broker \\(no TLS, no SASL\\): \\d+ msg/s; "
                        + "TLS and SCRAM cost it -?\\d+%"))
                .anyMatch(l ->
                        l.matches("fan-out floor on a plaintext broker: \\d+ msg/s; TLS and SCRAM cost it -?\\d+%"))
                .anyMatch(l -> l.matches("CPU microseconds per input message, all of this JVM's threads "
                        + "\\(stream threads; JIT compiling\\): pipeline \\d+ \\(\\d+; \\d+\\), "
                        + "passthrough \\d+ \\(\\d+; \\d+\\), fan-out floor \\d+ \\(\\d+; \\d+\\), "
                        + "sealed floor \\d+ \\(\\d+; \\d+\\)"))
                .anyMatch(l -> l.startsWith("ceiling = fan-out floor / passthrough = "))
                .anyMatch(l -> l.startsWith("sealed ceiling = sealed floor / fan-out floor = "))
                .contains("quarantined: none");
        assertThat(lines.get(lines.size() - 2)).matches("ratio = \\d+\\.\\d{3}");
        assertThat(Double.parseDouble(lines.get(lines.size() - 2).substring("ratio = ".length())))
                .isPositive();
        assertThat(lines).last().asString().matches("floor ratio = \\d+\\.\\d{3}");
    }
}
