package io.liaison.cli.publish;

import static io.liaison.cli.publish.PublishCommandIT.incidentReportLine;
import static io.liaison.cli.publish.PublishCommandIT.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.liaison.cli.CommandRun;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.PkiDirectory;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code liaison publish} on a private broker that stops: the run gives up as a whole once the
 * cluster has taken nothing for the delivery timeout, instead of failing each remaining line on its
 * own one timeout apart, and every line's outcome is on record.
 */
class PublishOutageIT {
    /** Short, so that giving up comes soon; a run that did not would wait about this long per line. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);

    /**
     * More than publish keeps in flight (256): lines handed over before the gateway calls the
     * cluster unavailable fail one delivery timeout later, the rest must not be sent.
     */
    private static final int LINES_AFTER_THE_OUTAGE = 300;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private EmbeddedKafkaBroker broker;
    private String previousHome;

    @BeforeEach
    void privateBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(new BrokerConfig(
                home.resolve("kafka"),
                EmbeddedKafkaBroker.freePort(),
                EmbeddedKafkaBroker.freePort(),
                BrokerConfig.DEFAULT_RETENTION_BYTES,
                BrokerConfig.DEFAULT_RETENTION_HOURS,
                Map.of(),
                BrokerSecurity.ensure(
                        PkiDirectory.at(home.resolve("broker-pki")),
                        CredentialStore.at(home.resolve("broker-secrets")),
                        Clock.systemUTC())));
        PublishHome.prepare(home, broker);
        previousHome = PublishHome.use(home);
    }

    @AfterEach
    void restoreHome() {
        PublishHome.restore(previousHome);
        stopBroker();
    }

    private void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    private static long count(List<JsonNode> results, String outcome) {
        return results.stream()
                .filter(r -> r.path("outcome").asText().equals(outcome))
                .count();
    }

    @Test
    void theBrokerStopsMidRunAndThePublishGivesUpAsAWholeWithTheAcknowledgedLinesOnRecord() throws Exception {
        Path resultsFile = work.resolve("results.ndjson");
        String line = incidentReportLine() + "\n";
        InputStream previousIn = System.in;
        // room for every line: the writer must not wait for a reader that has given up
        PipedInputStream stdin = new PipedInputStream(LINES_AFTER_THE_OUTAGE * line.length() * 2);
        PipedOutputStream lines = new PipedOutputStream(stdin);
        System.setIn(stdin);
        try {
            CompletableFuture<CommandRun> publish = CompletableFuture.supplyAsync(() -> CommandRun.execute(
                    "publish",
                    "--agency",
                    "cpd",
                    "--type",
                    "IncidentReport",
                    "--ndjson",
                    "-",
                    "--delivery-timeout",
                    DELIVERY_TIMEOUT.toString(),
                    "--results",
                    resultsFile.toString()));
            lines.write(line.repeat(3).getBytes(StandardCharsets.UTF_8));
            lines.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(results(resultsFile), "ACKNOWLEDGED") == 3);
            assertThat(publish).as("still reading standard input").isNotDone();

            stopBroker();
            lines.write(line.repeat(LINES_AFTER_THE_OUTAGE).getBytes(StandardCharsets.UTF_8));
            lines.close();
            // one delivery timeout per line would be a quarter of an hour
            CommandRun run = publish.get(60, TimeUnit.SECONDS);

            assertThat(run.exitCode()).isEqualTo(1);
            List<JsonNode> results = results(resultsFile);
            JsonNode refused = results.stream()
                    .filter(r -> r.path("outcome").asText().equals("NOT_SENT"))
                    .findFirst()
                    .orElseThrow();
            int refusedLine = refused.path("line").asInt();
            assertThat(refused.path("reason").asText())
                    .startsWith("the Kafka cluster has taken no record since ")
                    .endsWith("longer than the delivery timeout (3 s); the message was not sent");
            assertThat(results)
                    .as("1-3 acknowledged before the outage; then each line handed over failed until the gateway"
                            + " refused one, and standard input was not read past it")
                    .extracting(r ->
                            r.path("line").asInt() + " " + r.path("outcome").asText())
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, refusedLine)
                            .mapToObj(n -> n + (n <= 3 ? " ACKNOWLEDGED" : n < refusedLine ? " FAILED" : " NOT_SENT"))
                            .toList());
            assertThat(refusedLine).isBetween(5, 3 + PublishCommand.MAX_IN_FLIGHT + 1);
            assertThat(run.out())
                    .contains("gave up at line " + refusedLine + ": the Kafka cluster has taken no record since ")
                    .contains(
                            "not sent: lines " + refusedLine + ", and nothing after line " + refusedLine + " was read")
                    .endsWith("3 accepted, 0 rejected, " + (refusedLine - 4) + " failed, 1 not sent\n");
        } finally {
            System.setIn(previousIn);
        }
    }

    @Test
    void withTheBrokerGoneEveryLineOfAFileIsOnRecordAndTheRestAreNotSent() throws Exception {
        stopBroker();
        Path input = work.resolve("reports.ndjson");
        int total = 200;
        Files.writeString(input, (incidentReportLine() + "\n").repeat(total));
        Path resultsFile = work.resolve("results.ndjson");

        CommandRun run = CommandRun.execute(
                "publish",
                "--agency",
                "cpd",
                "--type",
                "IncidentReport",
                "--ndjson",
                input.toString(),
                "--delivery-timeout",
                DELIVERY_TIMEOUT.toString(),
                "--results",
                resultsFile.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        List<JsonNode> results = results(resultsFile);
        long failed = count(results, "FAILED");
        assertThat(failed)
                .as("lines that waited for metadata until the failures spanned the delivery timeout")
                .isPositive();
        assertThat(results)
                .as("one result per input line: the first ones failed, the rest were not sent")
                .extracting(
                        r -> r.path("line").asInt() + " " + r.path("outcome").asText())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total)
                        .mapToObj(n -> n + (n <= failed ? " FAILED" : " NOT_SENT"))
                        .toList());
        assertThat(run.out())
                .contains("gave up at line " + (failed + 1) + ": the Kafka cluster has taken no record since ")
                .contains("not sent: lines " + (failed + 1) + "-" + total + "\n")
                .endsWith("0 accepted, 0 rejected, " + failed + " failed, " + (total - failed) + " not sent\n");
    }
}
