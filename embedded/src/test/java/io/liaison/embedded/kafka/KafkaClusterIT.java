package io.liaison.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft nodes in JVMs of their own: a three-voter quorum that survives SIGKILL of its active
 * controller, nodes that come back on their data, and what two nodes down means for a producer.
 */
class KafkaClusterIT {
    private static final String TOPIC = "cluster-it";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    static Path dir;

    private static KafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.start(
                ClusterLayout.loopback(dir.resolve("kafka"), dir.resolve("pki"), dir.resolve("secrets"), 3, 0));
        try (Admin admin = Admin.create(cluster.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theQuorumElectsAnotherControllerWhenItsActiveOneIsKilledAndTheNodeRejoins() throws Exception {
        try (Admin admin = Admin.create(cluster.adminClientProperties())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(3);
        }
        int controller = cluster.activeController();
        cluster.kill(controller);
        await("another active controller")
                .atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> cluster.activeController() != controller);
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(60), Integer.MAX_VALUE)) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "while a node is down"))
                    .get(90, TimeUnit.SECONDS);
        }
        cluster.start(controller);
        await("the restarted node back in sync").atMost(Duration.ofMinutes(2)).until(() -> isr().size() == 3);
    }

    @Test
    void withTwoNodesStoppedAProducerIsToldThereAreNotEnoughInSyncReplicas() throws Exception {
        await("all replicas in sync").atMost(Duration.ofMinutes(2)).until(() -> isr().size() == 3);
        List<Integer> others = cluster.nodeIds().stream()
                .filter(id -> id != cluster.leaderOf(PARTITION))
                .toList();
        // its producer id first: with two of three voters gone no broker can hand out a new one
        KafkaProducer<String, String> producer = producer(Duration.ofSeconds(5), 3);
        try {
            producer.send(new ProducerRecord<>(TOPIC, "k", "all up")).get(60, TimeUnit.SECONDS);
            others.forEach(cluster::stop);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "two nodes down"))
                            .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(NotEnoughReplicasException.class);
        } finally {
            producer.close(Duration.ofSeconds(5));
            others.stream().filter(id -> !cluster.isRunning(id)).forEach(cluster::start);
        }
        await("all replicas in sync again").atMost(Duration.ofMinutes(2)).until(() -> isr().size() == 3);
    }

    private static List<Integer> isr() throws Exception {
        try (Admin admin = Admin.create(cluster.adminClientProperties())) {
            TopicDescription d = admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(TOPIC);
            return d.partitions().get(0).isr().stream().map(n -> n.id()).toList();
        }
    }

    /** Runs out of {@code retries}: then it reports the broker's own error, else a timeout. */
    private static KafkaProducer<String, String> producer(Duration deliveryTimeout, int retries) {
        Map<String, Object> p = cluster.adminClientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryTimeout.toMillis(), 30_000));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.RETRIES_CONFIG, retries);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
