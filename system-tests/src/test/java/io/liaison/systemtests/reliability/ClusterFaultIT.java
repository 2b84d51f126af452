package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.ClusterLayout;
import io.liaison.embedded.kafka.KafkaCluster;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.PublishException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a three-node KRaft cluster ({@link KafkaCluster}: the launcher of {@code liaison demo
 * --brokers 3}; topics with three replicas and {@code min.insync.replicas=2}), each while three
 * gateways publish and two backbone instances share the work (one in this JVM, {@code liaison
 * backbone run} in a child JVM), counted with the exact {@link Tally}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {
    private static final int BROKERS = 3;
    /** Both instances count as caught up whatever their restore lag, so each gets its share at once (see StreamsCrashIT). */
    private static final Map<String, String> SHARE_AT_ONCE =
            Map.of(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, String.valueOf(Long.MAX_VALUE));

    @TempDir
    static Path work;

    private static ReliabilityStack stack;
    /** Why the brokers run on loopback instead of in namespaces of their own, if they do. */
    private static Optional<String> noNamespaces;

    private static NetworkNamespaces namespaces;
    private static BackboneProcess child;
    private static int backboneRestarts;

    /** What one scenario measured: the fault's own span and the tally once the pipeline drained. */
    private record Run(Ledger ledger, long attempted, Tally tally, long faultNanos, long drainedNanos) {
        String figures() {
            return tally.summary() + "; publish attempts " + attempted + ", failed " + ledger.failureCount()
                    + "; fault " + FaultReport.seconds(faultNanos) + "; pipeline drained "
                    + FaultReport.seconds(drainedNanos) + " after it";
        }
    }

    /** A fault, injected while publishing goes on; may wait on what publishers were told. */
    @FunctionalInterface
    private interface Fault {
        void inject(Ledger ledger) throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        noNamespaces = NetworkNamespaces.unavailable();
        if (noNamespaces.isEmpty()) {
            // each broker in a network namespace of its own, so one can be cut off (same scenarios otherwise)
            namespaces = NetworkNamespaces.create(BROKERS);
            stack = ReliabilityStack.startOn(home -> {
                ClusterLayout layout =
                        ClusterLayout.on(home.kafkaCluster(), home.pki(), home.secrets(), namespaces.hosts(), 0);
                for (ClusterLayout.Node node : layout.nodes()) {
                    layout = layout.with(node.launchedBy(namespaces.launcher(node.id())));
                }
                return layout;
            });
        } else {
            stack = ReliabilityStack.start(BROKERS);
        }
        stack.stopInProcessBackbone();
        stack.startInProcessBackbone("liaison-streams@cluster-a", SHARE_AT_ONCE);
        startChild();
        awaitBothInstancesOwnPartitions();
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (namespaces != null) {
            namespaces.close();
        }
    }

    @Test
    @Order(1)
    void killingTheLeaderOfIngressAndInboxPartitionsAndItsReturnLoseAndDuplicateNothing() throws Exception {
        KafkaCluster cluster = stack.cluster();
        List<Integer> killed = new ArrayList<>();
        Run run = underLoad(Duration.ofSeconds(30), ledger -> {
            int leader = busiestLeader();
            killed.add(leader);
            cluster.kill(leader);
            awaitReceipts(ledger, "receipts while node " + leader + " is down");
            cluster.start(leader);
            awaitFullyReplicated();
        });
        FaultReport.record(
                "Cluster: kill -9 of the leader of ingress and inbox partitions, and its return",
                "node " + killed + "; " + run.figures());
        assertExact(run);
    }

    @Test
    @Order(2)
    void killingTheActiveControllerLosesAndDuplicatesNothing() throws Exception {
        KafkaCluster cluster = stack.cluster();
        List<Integer> killed = new ArrayList<>();
        long[] election = new long[1];
        Run run = underLoad(Duration.ofSeconds(30), ledger -> {
            int controller = cluster.activeController();
            killed.add(controller);
            long at = System.nanoTime();
            cluster.kill(controller);
            await("another node to lead the controller quorum")
                    .pollInterval(Duration.ofSeconds(1))
                    .atMost(Duration.ofMinutes(1))
                    .ignoreExceptions()
                    .until(() -> cluster.activeController() != controller);
            election[0] = System.nanoTime() - at;
            awaitReceipts(ledger, "receipts while node " + controller + " is down");
            cluster.start(controller);
            awaitFullyReplicated();
        });
        FaultReport.record(
                "Cluster: kill -9 of the active controller",
                "node " + killed + ", new controller within " + FaultReport.seconds(election[0]) + "; "
                        + run.figures());
        assertExact(run);
    }

    @Test
    @Order(3)
    void aRollingRestartOfTheBrokersThenOfBothBackbonesLosesAndDuplicatesNothing() throws Exception {
        // controlled shutdowns one at a time: scenario 1 already moves every leader, this one takes
        // over two minutes of the suite's twenty
        assumeTrue(
                FaultLoad.heavy(),
                "the rolling restart (about 2 min) runs with -D" + FaultLoad.HEAVY_PROPERTY + "=true");
        KafkaCluster cluster = stack.cluster();
        Run run = underLoad(Duration.ofSeconds(30), ledger -> {
            for (int id : cluster.nodeIds()) {
                cluster.stop(id);
                cluster.start(id);
                awaitFullyReplicated();
            }
            awaitReceipts(ledger, "receipts after the brokers' rolling restart");
            child.stop();
            startChild();
            stack.stopInProcessBackbone();
            stack.startInProcessBackbone("liaison-streams@cluster-a", SHARE_AT_ONCE);
            awaitBothInstancesOwnPartitions();
        });
        FaultReport.record("Cluster: rolling restart of 3 brokers, then of both backbone instances", run.figures());
        assertExact(run);
    }

    @Test
    @Order(4)
    void withTwoBrokersDownPublishersAreToldThereAreNotEnoughInSyncReplicasAndNothingAcknowledgedIsLost()
            throws Exception {
        KafkaCluster cluster = stack.cluster();
        List<Integer> stopped = new ArrayList<>();
        long[] toNamedError = new long[1];
        // a short delivery timeout: the gateways' retries run out within seconds and report the broker's error
        Run run = underLoad(Duration.ofSeconds(10), ledger -> {
            int survivor = cluster.activeController();
            cluster.nodeIds().stream().filter(id -> id != survivor).forEach(stopped::add);
            long at = System.nanoTime();
            // a controlled shutdown each: the second leaves while the first's quorum majority still stands,
            // so every ISR shrinks to the survivor (two SIGKILLs would take the majority and every ISR change with
            // them)
            stopped.forEach(cluster::stop);
            await("a publisher told there are not enough in-sync replicas")
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> ledger.failureMessages().stream().anyMatch(m -> m.contains("NOT_ENOUGH_REPLICAS")));
            toNamedError[0] = System.nanoTime() - at;
            stopped.forEach(cluster::start);
            awaitFullyReplicated();
        });
        FaultReport.record(
                "Cluster: two brokers down (controlled shutdown of 2 of 3), then back",
                "nodes " + stopped + "; first named error after " + FaultReport.seconds(toNamedError[0]) + ": "
                        + run.ledger().failureMessages().stream()
                                .filter(m -> m.contains("NOT_ENOUGH_REPLICAS"))
                                .findFirst()
                                .orElse("-")
                        + "; " + run.figures());
        assertThat(run.ledger().failureCount())
                .as("publishes refused while two brokers were down")
                .isPositive();
        assertExact(run);
    }

    @Test
    @Order(5)
    void aBrokerCutOffFromTheOthersAndFromClientsThenHealedLosesAndDuplicatesNothing() throws Exception {
        assumeTrue(
                noNamespaces.isEmpty(),
                () -> "the partition needs each broker in a network namespace of its own: " + noNamespaces.orElse(""));
        KafkaCluster cluster = stack.cluster();
        List<Integer> cut = new ArrayList<>();
        long[] partitioned = new long[1];
        Run run = underLoad(Duration.ofSeconds(30), ledger -> {
            int leader = busiestLeader();
            cut.add(leader);
            long at = System.nanoTime();
            namespaces.cut(leader);
            try {
                await("the other two nodes to lead every ingress and inbox partition")
                        .pollInterval(Duration.ofSeconds(1))
                        .atMost(Duration.ofMinutes(1))
                        .ignoreExceptions()
                        .until(() -> partitions(topicsOf(stack.policy().agencies())).stream()
                                .noneMatch(p -> p.leader() == null || p.leader().id() == leader));
                awaitReceipts(ledger, "receipts while node " + leader + " is cut off");
            } finally {
                namespaces.heal(leader);
                partitioned[0] = System.nanoTime() - at;
            }
            awaitFullyReplicated();
        });
        FaultReport.record(
                "Cluster: one broker cut off by a network partition (veth link down), then healed",
                "node " + cut + " cut off for " + FaultReport.seconds(partitioned[0]) + "; " + run.figures());
        assertExact(run);
    }

    /**
     * Publishes continuously; once {@link FaultLoad} receipts arrived, injects {@code fault}; then waits
     * for as many receipts again, stops publishing and waits until every accepted message is accounted for.
     */
    private static Run underLoad(Duration deliveryTimeout, Fault fault) throws Exception {
        Map<Template, Map<String, Optional<Map<String, String>>>> expected = Template.expectedFanOut(stack.policy());
        Ledger ledger = new Ledger();
        Map<String, AgencyGateway> gateways = new HashMap<>();
        ReliabilityStack.PUBLISHERS.forEach(a -> gateways.put(a, stack.gateway(a, deliveryTimeout)));
        try (OutputLog log = OutputLog.fromNow(stack)) {
            // few in flight by default: the pipeline keeps up, so each scenario drains in seconds, not minutes
            LoadPublisher publisher = new LoadPublisher(gateways, ledger, FaultLoad.messages(4, 64));
            Thread publishing = publisher.publishUntilStopped();
            awaitReceipts(ledger, "publishing to get going");
            long faultStart = System.nanoTime();
            fault.inject(ledger);
            long faultEnd = System.nanoTime();
            awaitReceipts(ledger, "publishing to go on after the fault");
            publisher.stop();
            publishing.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(publishing.isAlive())
                    .as("publisher still running 2 minutes after stop")
                    .isFalse();
            Tally tally = log.awaitComplete(ledger, expected, Duration.ofMinutes(FaultLoad.heavy() ? 10 : 3));
            return new Run(ledger, publisher.attempted(), tally, faultEnd - faultStart, System.nanoTime() - faultEnd);
        }
    }

    private static void assertExact(Run run) {
        assertThat(run.ledger().unexpected()).isEmpty();
        assertThat(run.ledger().failures().keySet())
                .as(
                        "the only failures a broker fault may cause, not acknowledged or refused while the"
                                + " cluster takes nothing: %s",
                        run.ledger().failureMessages())
                .isSubsetOf(PublishException.Kind.BROKER_UNAVAILABLE, PublishException.Kind.CLUSTER_UNAVAILABLE);
        assertThat(run.ledger().acceptedCount() + run.ledger().failureCount()).isEqualTo(run.attempted());
        assertThat(run.tally().exact()).as(run.tally().summary()).isTrue();
    }

    /** Waits for {@link FaultLoad} more receipts than there are now. */
    private static void awaitReceipts(Ledger ledger, String what) {
        int more = FaultLoad.messages(100, 5_000);
        int now = ledger.acceptedCount();
        await(what).atMost(Duration.ofMinutes(3)).until(() -> ledger.acceptedCount() >= now + more);
    }

    /** The node leading the most ingress and inbox partitions. */
    private static int busiestLeader() throws Exception {
        Map<Integer, Long> led = partitions(topicsOf(stack.policy().agencies())).stream()
                .filter(p -> p.leader() != null)
                .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
        return led.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    /** Waits until every replica of every topic, internal ones included, is in sync again. */
    private static void awaitFullyReplicated() {
        await("every replica in sync")
                // each check opens an admin client: a TLS handshake and a SCRAM login
                .pollInterval(Duration.ofSeconds(1))
                .atMost(Duration.ofMinutes(3))
                .ignoreExceptions()
                .until(() -> {
                    try (Admin admin = stack.admin()) {
                        Collection<String> all = admin.listTopics(
                                        new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                                .names()
                                .get(30, TimeUnit.SECONDS);
                        return partitions(List.copyOf(all)).stream()
                                .allMatch(p -> p.isr().size() == p.replicas().size());
                    }
                });
    }

    private static List<String> topicsOf(Collection<String> agencies) {
        List<String> topics = new ArrayList<>();
        agencies.forEach(a -> {
            topics.add(Topics.ingress(a));
            topics.add(Topics.inbox(a));
        });
        return topics;
    }

    private static List<TopicPartitionInfo> partitions(List<String> topics) throws Exception {
        try (Admin admin = stack.admin()) {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .map(TopicDescription::partitions)
                    .flatMap(List::stream)
                    .toList();
        }
    }

    private static void startChild() throws IOException {
        // each run in a directory of its own: its log is read for the RUNNING line of this run
        Path dir = Files.createDirectories(work.resolve("child-" + backboneRestarts++));
        child = BackboneProcess.start(stack, dir, "liaison-streams@cluster-b", SHARE_AT_ONCE);
        await("the child backbone to start")
                .atMost(BackboneProcess.startupTimeout())
                .until(child::running);
    }

    private static void awaitBothInstancesOwnPartitions() {
        await("both backbone instances to own partitions")
                .pollInterval(Duration.ofSeconds(1))
                .atMost(Duration.ofMinutes(2))
                .ignoreExceptions()
                .until(() -> stack.inProcessBackboneRunning() && membersOwningPartitions() == 2);
    }

    private static long membersOwningPartitions() throws Exception {
        try (Admin admin = stack.admin()) {
            return admin
                    .describeConsumerGroups(List.of(AclPlan.DEFAULT_STREAMS_APPLICATION_ID))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(AclPlan.DEFAULT_STREAMS_APPLICATION_ID)
                    .members()
                    .stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .count();
        }
    }
}
