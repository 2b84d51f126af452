package io.liaison.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.CommandRun;
import io.liaison.cli.Liaison;
import io.liaison.embedded.kafka.SharedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liaison publish} against the real broker and registry, connected through the demo's connection.properties. */
class PublishCommandIT {
    static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static String previousHome;

    @BeforeAll
    static void backbone() throws Exception {
        // publish logs in to the shared broker as its super user, over TLS, as connection.properties says
        PublishHome.prepare(home, SharedKafka.get());
        previousHome = PublishHome.use(home);
    }

    @AfterAll
    static void restoreHome() {
        PublishHome.restore(previousHome);
    }

    /** The example incident report on one line, as an NDJSON producer would write it. */
    static String incidentReportLine() throws IOException {
        return JSON.readTree(EXAMPLES.resolve("IncidentReport.json").toFile()).toString();
    }

    /** The {@code --results} file, one parsed object per line. */
    static List<JsonNode> results(Path file) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                parsed.add(JSON.readTree(line));
            }
        }
        return parsed;
    }

    @Test
    void aMixedNdjsonFileIsSummarisedLineByLineAndExitsNonZero() {
        CommandRun run = CommandRun.execute(
                "publish",
                "--agency",
                "cpd",
                "--type",
                "IncidentReport",
                "--caveat",
                "PII",
                "--ndjson",
                EXAMPLES.resolve("incident-reports-mixed.ndjson").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("line 1: accepted [0-9a-f-]{36} \\(ingress\\.cpd-0@\\d+\\)")
                .contains(
                        "line 2: rejected: severity: expected one of [LOW, MODERATE, HIGH, CRITICAL], got \"EXTREME\"\n")
                .containsPattern("line 3: accepted ")
                .contains("line 5: rejected: location.latitude: expected a number, got string; witness: unknown field")
                .contains("line 6: rejected: narrative: missing required field")
                .containsPattern("line 7: accepted ")
                .contains("line 8: rejected: (document): not valid JSON")
                .doesNotContain("line 4:")
                .endsWith("3 accepted, 4 rejected\n");
        assertThat(run.err()).contains("publishing: 7 read, 3 accepted, 4 rejected");
    }

    @Test
    void theResultsFileHasOneObjectPerLineWithItsOutcome() throws Exception {
        Path resultsFile = work.resolve("results.ndjson");

        CommandRun run = CommandRun.execute(
                "publish",
                "--agency",
                "cpd",
                "--type",
                "IncidentReport",
                "--ndjson",
                EXAMPLES.resolve("incident-reports-mixed.ndjson").toString(),
                "--results",
                resultsFile.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        List<JsonNode> results = results(resultsFile);
        assertThat(results)
                .extracting(
                        r -> r.path("line").asInt() + " " + r.path("outcome").asText())
                .containsExactlyInAnyOrder(
                        "1 ACKNOWLEDGED",
                        "2 REJECTED",
                        "3 ACKNOWLEDGED",
                        "5 REJECTED",
                        "6 REJECTED",
                        "7 ACKNOWLEDGED",
                        "8 REJECTED");
        JsonNode first = results.stream()
                .filter(r -> r.path("line").asInt() == 1)
                .findFirst()
                .orElseThrow();
        assertThat(first.path("messageId").asText()).matches("[0-9a-f-]{36}");
        assertThat(first.path("topic").asText()).isEqualTo("ingress.cpd");
        assertThat(first.path("offset").isIntegralNumber()).isTrue();
        assertThat(results.stream().filter(r -> r.path("line").asInt() == 8))
                .singleElement()
                .satisfies(r -> assertThat(r.path("reason").asText()).startsWith("(document): not valid JSON"));
    }

    @Test
    void aSingleValidFileIsAcceptedWithExitZero() {
        CommandRun run = CommandRun.execute(
                "publish",
                "--agency",
                "cpd",
                "--type",
                "IncidentReport",
                "--classification",
                "CUI",
                "--file",
                EXAMPLES.resolve("IncidentReport.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("line 1: accepted [0-9a-f-]{36}").endsWith("1 accepted, 0 rejected\n");
    }

    @Test
    void anAgencyWithoutASigningKeyIsAOneLineError() {
        CommandRun run = CommandRun.execute(
                "publish",
                "--agency",
                "ice",
                "--type",
                "IncidentReport",
                "--file",
                EXAMPLES.resolve("IncidentReport.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith(
                        "liaison publish: cannot load the signing key of ice: no agency-signing certificate for ice");
    }

    /**
     * A stop signal in the middle of a run (SIGTERM runs the same shutdown hooks as Ctrl-C's SIGINT,
     * and unlike SIGINT is not ignored by a JVM started from a background job) prints which lines
     * were accepted, after each was already written to the results file.
     */
    @Test
    void stoppedMidRunItSaysWhichLinesWereAccepted() throws Exception {
        Path resultsFile = work.resolve("results.ndjson");
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Liaison.class.getName(),
                        "publish",
                        "--agency",
                        "cpd",
                        "--type",
                        "IncidentReport",
                        "--ndjson",
                        "-",
                        "--results",
                        resultsFile.toString()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LIAISON_"));
        builder.environment().put("LIAISON_HOME", home.toString());
        Process publish = builder.start();
        try {
            // three lines, and standard input stays open: the run is still going when it is stopped
            OutputStream stdin = publish.getOutputStream();
            String line = incidentReportLine() + "\n";
            stdin.write(line.repeat(3).getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> results(resultsFile).stream()
                                    .filter(r -> r.path("outcome").asText().equals("ACKNOWLEDGED"))
                                    .count()
                            == 3);

            // the handle's destroy only signals; Process.destroy also closes standard input, and the
            // run could then end on its own, at end of input, before the signal arrives
            assertThat(publish.toHandle().destroy()).isTrue();

            assertThat(publish.waitFor(30, TimeUnit.SECONDS))
                    .as("the CLI exited")
                    .isTrue();
            assertThat(publish.exitValue()).as("killed by SIGTERM: 128 + 15").isEqualTo(143);
            assertThat(Files.readString(stderr))
                    .contains("interrupted: 3 accepted: lines 1-3\n")
                    .contains("nothing after line 3 was sent");
            assertThat(Files.readString(stdout))
                    .contains("line 1: accepted ", "line 2: accepted ", "line 3: accepted ");
        } finally {
            publish.destroyForcibly();
        }
    }
}
