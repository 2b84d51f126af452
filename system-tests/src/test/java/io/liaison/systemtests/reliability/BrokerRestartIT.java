package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.producer.AgencyGateway;
import io.liaison.producer.PublishException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker is stopped and started again (same data directory, same ports) while gateways keep
 * publishing. Gateways, the backbone and readers reconnect on their own; whatever got a receipt is
 * delivered, and a publish that could not be acknowledged failed with a {@link PublishException}.
 */
@ExtendWith(SharedStack.class)
class BrokerRestartIT {
    @Test
    void restartingTheBrokerWhileGatewaysPublishLosesNoAcknowledgedMessage(ReliabilityStack stack) throws Exception {
        int before = FaultLoad.messages(500, 10_000);
        Map<Template, Map<String, Optional<Map<String, String>>>> expected = Template.expectedFanOut(stack.policy());
        Ledger ledger = new Ledger();
        Map<String, AgencyGateway> gateways = new HashMap<>();
        ReliabilityStack.PUBLISHERS.forEach(a -> gateways.put(a, stack.gateway(a, Duration.ofSeconds(20))));
        try (OutputLog log = OutputLog.fromNow(stack)) {
            LoadPublisher publisher = new LoadPublisher(gateways, ledger, 64);
            Thread publishing = publisher.publishUntilStopped();
            await("publishing to get going")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> ledger.acceptedCount() >= before);

            long stopping = System.nanoTime();
            stack.restartBroker();
            long restarted = System.nanoTime();
            int acceptedAtRestart = ledger.acceptedCount();
            await("publishing to resume")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> ledger.acceptedCount() >= acceptedAtRestart + before);
            long resumed = System.nanoTime();
            publisher.stop();
            publishing.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(publishing.isAlive())
                    .as("publisher still running 2 minutes after stop")
                    .isFalse();

            Tally tally = log.awaitComplete(ledger, expected, Duration.ofMinutes(FaultLoad.heavy() ? 10 : 3));
            long drained = System.nanoTime();
            FaultReport.record(
                    "Broker restart",
                    tally.summary()
                            + "; publish attempts " + publisher.attempted() + ", failed " + ledger.failures()
                            + "; broker stop+start " + FaultReport.seconds(restarted - stopping)
                            + "; first receipts after restart within " + FaultReport.seconds(resumed - restarted)
                            + "; pipeline drained " + FaultReport.seconds(drained - restarted) + " after the restart");
            assertThat(ledger.unexpected()).isEmpty();
            assertThat(ledger.failures().keySet())
                    .as("the only failure a broker restart may cause")
                    .isSubsetOf(PublishException.Kind.BROKER_UNAVAILABLE);
            assertThat(ledger.acceptedCount() + ledger.failureCount()).isEqualTo(publisher.attempted());
            assertThat(tally.exact()).as(tally.summary()).isTrue();
        }
    }
}
