package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.producer.AgencyGateway;
import io.liaison.producer.SignedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code liaison backbone run} is killed with SIGKILL and started again on the same state
 * directory. Kafka Streams finds its exactly-once stores without the offsets a clean close
 * records, so it discards them and rebuilds them from their changelogs: the designed recovery. The
 * restarted process says so in one line instead of Kafka's ERROR listing a TaskCorruptedException
 * per task, and the rebuilt replay store still refuses a byte-for-byte replay of a message it
 * accepted before the kill.
 */
@ExtendWith(SharedStack.class)
class UncleanRestartIT {
    private static final String RESTORE_LINE = "restoring local state from the changelog topics";
    /** Kafka's own sign that it found a store it cannot trust (WARN, from ProcessorStateManager). */
    private static final String DISCARDED =
            "did not find checkpoint offsets while stores are not empty, since under EOS it has the risk of"
                    + " getting uncommitted data in stores";

    private static final Map<String, String> LOG_LEVELS =
            Map.of("LIAISON_APP_LOG_LEVEL", "INFO", "LIAISON_BROKER_LOG_LEVEL", "WARN");

    @TempDir
    Path work;

    @Test
    void aBackboneKilledAndStartedAgainRebuildsItsStoresAndSaysSoInOneLine(ReliabilityStack stack) throws Exception {
        Path first = Files.createDirectories(work.resolve("first"));
        Path second = Files.createDirectories(work.resolve("second"));
        // the only instance, so that every task, and the state of each, is the killed one's
        stack.stopInProcessBackbone();
        BackboneProcess killed = BackboneProcess.start(stack, first, "liaison-streams@killed", Map.of(), LOG_LEVELS);
        BackboneProcess restarted = null;
        AgencyGateway cpd = stack.gateway("cpd", Duration.ofSeconds(30));
        try (OutputLog log = OutputLog.fromNow(stack)) {
            await("the backbone to start")
                    .atMost(BackboneProcess.startupTimeout())
                    .until(killed::running);
            // random message ids: every partition's replay store gets some
            List<SignedMessage> accepted = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                SignedMessage signed = cpd.sign(
                                Template.CPD_INCIDENT.payload("I-" + UUID.randomUUID()),
                                Template.CPD_INCIDENT.headers())
                        .join();
                cpd.send(signed).join();
                accepted.add(signed);
            }
            await("every message to be decided").atMost(Duration.ofSeconds(60)).until(() -> {
                log.poll();
                return accepted.stream().allMatch(m -> log.audit().containsKey(m.messageId()));
            });

            killed.kill();
            restarted = BackboneProcess.start(stack, second, "liaison-streams@restarted", Map.of(), sameStateAs(first));
            await("the backbone to start again")
                    .atMost(BackboneProcess.startupTimeout())
                    .until(restarted::running);
            SignedMessage replayed = accepted.get(0);
            cpd.send(replayed).join();

            await("the replay to be quarantined").atMost(Duration.ofSeconds(60)).until(() -> {
                log.poll();
                return log.quarantined().stream().anyMatch(q -> q.messageId().equals(replayed.messageId()));
            });
            assertThat(log.quarantined())
                    .filteredOn(q -> q.messageId().equals(replayed.messageId()))
                    .extracting(OutputLog.Quarantined::reasonCode)
                    .containsExactly("REPLAY");
            String output = restarted.output();
            assertThat(output).as("Kafka discarded the stores it found").contains(DISCARDED);
            assertThat(occurrences(output, RESTORE_LINE)).as(output).isOne();
            assertThat(output)
                    .doesNotContain("ERROR TaskManager")
                    .doesNotContain("Get exceptions for the following tasks");
        } finally {
            killed.close();
            if (restarted != null) {
                restarted.close();
            }
            stack.startInProcessBackbone("liaison-streams@after-unclean-restart");
        }
    }

    /** The log levels, and the state directory the process on {@code workDir} used. */
    private static Map<String, String> sameStateAs(Path workDir) {
        Map<String, String> environment = new HashMap<>(LOG_LEVELS);
        environment.put("LIAISON_STREAMS_STATE_DIR", workDir.resolve("streams").toString());
        return environment;
    }

    private static int occurrences(String text, String phrase) {
        Matcher m = Pattern.compile(Pattern.quote(phrase)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
