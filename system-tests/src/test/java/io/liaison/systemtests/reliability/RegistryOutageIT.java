package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.liaison.cli.Liaison;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.PublishException;
import io.liaison.streams.BackboneService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema registry is stopped for a while and started again on the same database and port.
 * A gateway that needs it fails fast with REGISTRY_UNAVAILABLE and writes nothing; a backbone
 * instance that needs it fails its thread (TransientFailure) and retries instead of quarantining;
 * when the registry is back both carry on without being restarted.
 */
@ExtendWith(SharedStack.class)
class RegistryOutageIT {
    private record CliRun(int exit, String output) {}

    /** {@code liaison publish} in its own JVM, connected through the stack's connection file. */
    private static CliRun publishWithTheCli(ReliabilityStack stack) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Liaison.class.getName(),
                        "publish",
                        "--agency",
                        "cpd",
                        "--type",
                        "CommunityNotice",
                        "--file",
                        Path.of("../examples/CommunityNotice.json")
                                .toAbsolutePath()
                                .toString(),
                        "--classification",
                        "UNCLASSIFIED"))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LIAISON_"));
        builder.environment().put("LIAISON_HOME", stack.home().toString()); // its connection file and secrets
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
        return new CliRun(process.exitValue(), output);
    }

    @Test
    void aRegistryOutageFailsPublishingFastWritesNothingHalfAndHealsWithoutARestart(ReliabilityStack stack)
            throws Exception {
        int backlog = FaultLoad.messages(300, 5_000);
        Map<Template, Map<String, Optional<Map<String, String>>>> expected = Template.expectedFanOut(stack.policy());
        Ledger ledger = new Ledger();
        Map<String, AgencyGateway> warm = new HashMap<>();
        ReliabilityStack.PUBLISHERS.forEach(a -> warm.put(a, stack.gateway(a, Duration.ofSeconds(30))));
        try (OutputLog log = OutputLog.fromNow(stack);
                LogWatch threadReplacements =
                        LogWatch.of(BackboneService.class, "stream thread failed, replacing it")) {
            // A backlog accepted while no backbone instance runs: published, not yet processed.
            stack.stopInProcessBackbone();
            new LoadPublisher(warm, ledger, 64).publish(backlog);
            assertThat(ledger.acceptedCount()).isEqualTo(backlog);

            stack.stopRegistry();
            long outage = System.nanoTime();
            Map<TopicPartition, Long> ingressBefore = stack.ingressEndOffsets();
            AgencyGateway cold = stack.gateway("cpd", Duration.ofSeconds(30));
            long attempt = System.nanoTime();
            assertThatThrownBy(() -> cold.publish(
                            Template.CPD_INCIDENT.payload("during-outage"), Template.CPD_INCIDENT.headers()))
                    .isInstanceOfSatisfying(PublishException.class, e -> {
                        assertThat(e.kind()).isEqualTo(PublishException.Kind.REGISTRY_UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).isNotBlank();
                    });
            long failedAfter = System.nanoTime() - attempt;
            assertThat(Duration.ofNanos(failedAfter))
                    .as("publishing fails fast")
                    .isLessThan(Duration.ofSeconds(10));
            CliRun cli = publishWithTheCli(stack);
            assertThat(cli.exit())
                    .as("`liaison publish` exits non-zero:\n%s", cli.output())
                    .isEqualTo(1);
            assertThat(cli.output()).containsIgnoringCase("registry");
            assertThat(stack.ingressEndOffsets()).as("nothing half-published").isEqualTo(ingressBefore);

            // Gateways that cached the schema ids keep publishing (an id never changes); these join the backlog.
            int duringOutage = 30;
            new LoadPublisher(warm, ledger, 16).publish(duringOutage);
            assertThat(ledger.acceptedCount()).isEqualTo(backlog + duringOutage);

            // A backbone instance with a cold cache cannot decode the backlog: it must retry, not quarantine.
            stack.startInProcessBackbone("liaison-streams@cold-cache");
            await("the backbone to fail on the registry and replace its thread")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> threadReplacements.count() >= 1);
            Tally duringTheOutage = log.readAndCount(Duration.ofSeconds(2), ledger, expected);
            assertThat(duringTheOutage.delivered())
                    .as("nothing delivered while the registry is down")
                    .isZero();
            assertThat(log.quarantined())
                    .as("nothing quarantined for an infrastructure failure")
                    .isEmpty();

            long restarting = System.nanoTime();
            stack.startRegistry();
            long back = System.nanoTime();
            Tally backlogDone = log.awaitComplete(ledger, expected, Duration.ofMinutes(FaultLoad.heavy() ? 10 : 3));
            long drained = System.nanoTime();

            // The same gateway that failed publishes again, without being restarted.
            ledger.accepted(
                    cold.publish(Template.CPD_INCIDENT.payload("after-outage"), Template.CPD_INCIDENT.headers()),
                    Template.CPD_INCIDENT);
            Tally tally = log.awaitComplete(ledger, expected, Duration.ofMinutes(2));

            FaultReport.record(
                    "Registry outage",
                    tally.summary()
                            + "; backlog " + backlog + " + " + duringOutage
                            + " published by warm gateways during the outage"
                            + "; cold gateway failed in " + FaultReport.seconds(failedAfter)
                            + " with REGISTRY_UNAVAILABLE"
                            + "; `liaison publish` exit " + cli.exit()
                            + "; backbone thread replacements during the outage " + threadReplacements.count()
                            + "; registry down " + FaultReport.seconds(back - outage) + " (restart "
                            + FaultReport.seconds(back - restarting)
                            + "); backlog delivered " + FaultReport.seconds(drained - back)
                            + " after the registry was back"
                            + " (" + backlogDone.delivered() + " copies)");
            assertThat(tally.exact()).as(tally.summary()).isTrue();
            assertThat(ledger.unexpected()).isEmpty();
        }
    }
}
