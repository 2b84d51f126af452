package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.topics.AclPlan;
import io.liaison.producer.AgencyGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backbone instances share the work, the in-process one and {@code liaison backbone run} in a
 * child JVM; the child is killed with SIGKILL while messages flow. The survivor takes its
 * partitions after the session timeout and resumes from the last committed transaction.
 */
@ExtendWith(SharedStack.class)
class StreamsCrashIT {
    @TempDir
    Path work;

    private BackboneProcess child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void killingOneOfTwoInstancesMidStreamDeliversEveryAcceptedMessageExactlyOnce(ReliabilityStack stack)
            throws Exception {
        int messages = FaultLoad.messages(3_000, 100_000);
        Map<Template, Map<String, Optional<Map<String, String>>>> expected = Template.expectedFanOut(stack.policy());
        // Both instances count as caught up whatever their replay store's restore lag: otherwise, after the
        // heavy runs, Streams' high-availability assignor would keep every active task on the instance that
        // has the state and hand the new one its share only after warm-up and a probing rebalance (10 min).
        Map<String, String> shareAtOnce =
                Map.of(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, String.valueOf(Long.MAX_VALUE));
        stack.stopInProcessBackbone();
        stack.startInProcessBackbone("liaison-streams@survivor", shareAtOnce);
        child = BackboneProcess.start(stack, work, "liaison-streams@child", shareAtOnce);
        await("the child backbone to start")
                .atMost(BackboneProcess.startupTimeout())
                .until(child::running);
        try (Admin admin = stack.admin()) {
            await("both instances to own partitions")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> stack.inProcessBackboneRunning() && membersOwningPartitions(admin) == 2);
        }

        Ledger ledger = new Ledger();
        Map<String, AgencyGateway> gateways = new HashMap<>();
        ReliabilityStack.PUBLISHERS.forEach(a -> gateways.put(a, stack.gateway(a, Duration.ofSeconds(30))));
        try (OutputLog log = OutputLog.fromNow(stack)) {
            LoadPublisher publisher = new LoadPublisher(gateways, ledger, 256);
            Thread publishing = new Thread(() -> publisher.publish(messages), "crash-publisher");
            long started = System.nanoTime();
            publishing.start();

            // Kill once a third of the messages came out: the child is mid-stream, with more queued behind.
            await("a third of the messages to be delivered")
                    .atMost(Duration.ofMinutes(5))
                    .until(() -> log.readAndCount(Duration.ofMillis(500), ledger, expected)
                                            .delivered()
                                    > 0
                            && log.copies().size() >= messages / 3);
            long killedAt = System.nanoTime();
            child.kill();
            int deliveredAtKill = log.copies().size();
            publishing.join(TimeUnit.MINUTES.toMillis(10));
            assertThat(publishing.isAlive())
                    .as("publisher still running after 10 minutes")
                    .isFalse();

            Tally tally = log.awaitComplete(ledger, expected, Duration.ofMinutes(FaultLoad.heavy() ? 10 : 3));
            long recovered = System.nanoTime() - killedAt;

            FaultReport.record(
                    "Streams crash (kill -9 of 1 of 2 instances)",
                    tally.summary()
                            + "; messages with copies at the kill " + deliveredAtKill
                            + "; publish failures " + ledger.failureCount()
                            + "; kill to last delivery " + FaultReport.seconds(recovered)
                            + "; whole run " + FaultReport.seconds(System.nanoTime() - started));
            assertThat(ledger.unexpected()).isEmpty();
            assertThat(ledger.acceptedCount()).as("every publish acknowledged").isEqualTo(messages);
            assertThat(tally.exact()).as(tally.summary()).isTrue();
            assertThat(tally.delivered()).isEqualTo(tally.expectedCopies());
        }
    }

    /** Members of the backbone's consumer group that have at least one partition assigned. */
    private static long membersOwningPartitions(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(AclPlan.DEFAULT_STREAMS_APPLICATION_ID))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(AclPlan.DEFAULT_STREAMS_APPLICATION_ID);
        return group.members().stream()
                .filter(m -> !m.assignment().topicPartitions().isEmpty())
                .count();
    }
}
