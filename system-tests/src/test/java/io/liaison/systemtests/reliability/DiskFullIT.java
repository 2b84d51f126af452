package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.PublishException;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.payload.CommunityNotice;
import io.liaison.schemas.samples.SamplePayloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's log directory is a 64 MiB tmpfs; a gateway publishes large messages until it is
 * full. The publisher gets a PublishException (not a hang, not a receipt for a lost record); after
 * the disk grows and the broker restarts on the same data, every acknowledged message is there.
 * Needs root (mount); runs with {@code -Dliaison.faults.heavy=true}.
 */
@ExtendWith(SharedStack.class)
class DiskFullIT {
    private static final String DISK_SIZE = "64m";

    @TempDir
    Path work;

    private Path disk;
    private BrokerProcess broker;

    @AfterEach
    void cleanUp() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (disk != null) {
            run("umount", disk.toString());
        }
    }

    @Test
    void aFullLogDiskFailsPublishingClearlyAndLosesNothingAcknowledged(ReliabilityStack stack) throws Exception {
        assumeTrue(
                FaultLoad.heavy(),
                "the disk-full scenario mounts a tmpfs (root only): run it with -D" + FaultLoad.HEAVY_PROPERTY
                        + "=true");
        Path mountPoint = Files.createDirectories(work.resolve("kafka-disk"));
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", mountPoint.toString()) == 0,
                "cannot mount a tmpfs here (needs root): the disk-full scenario is skipped");
        disk = mountPoint;
        int port = EmbeddedKafkaBroker.freePort();
        int controllerPort = EmbeddedKafkaBroker.freePort();
        Map<String, String> adminLogin =
                BrokerProcess.security(work).adminConnection().properties();
        broker = startBroker(port, controllerPort, "broker-1.log");
        try (Admin admin = Admin.create(client(broker.bootstrapServers(), adminLogin))) {
            new ClusterAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(TopicPlan.embedded().topics(List.of("cpd")));
        }

        Set<String> acknowledged = new LinkedHashSet<>();
        PublishException failure = null;
        long started = System.nanoTime();
        try (AgencyGateway gateway = AgencyGateway.connect(
                AgencyGatewayConfig.defaults("cpd", broker.bootstrapServers(), stack.registryUrl())
                        .withDeliveryTimeout(Duration.ofSeconds(10))
                        .withKafkaOverrides(adminLogin),
                stack.identity("cpd"),
                stack.trust())) {
            // ~300 KB each: a 64 MiB disk is full after about two hundred
            for (int i = 0; i < 1_000 && failure == null; i++) {
                try {
                    acknowledged.add(gateway.publish(bigNotice(i), MessageHeaders.of(Classification.UNCLASSIFIED))
                            .messageId());
                } catch (PublishException e) {
                    failure = e;
                }
            }
        }
        long failedAfter = System.nanoTime() - started;
        assertThat(failure).as("publishing into a full disk must fail").isNotNull();
        assertThat(failure.kind()).isEqualTo(PublishException.Kind.BROKER_UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
        String brokerSaid = broker.output()
                .lines()
                .filter(l -> l.contains("No space left on device"))
                .findFirst()
                .orElse("");
        boolean brokerHalted = !broker.alive(); // a broker whose only log directory failed stops itself

        // More disk, the same data, a new broker process: everything acknowledged must be there.
        assertThat(run("mount", "-o", "remount,size=512m", disk.toString())).isZero();
        broker.close();
        broker = startBroker(port, controllerPort, "broker-2.log");
        Map<String, Integer> stored = readIngress(client(broker.bootstrapServers(), adminLogin), Topics.ingress("cpd"));
        long lost = acknowledged.stream().filter(id -> !stored.containsKey(id)).count();
        long duplicated = stored.values().stream().filter(n -> n > 1).count();
        FaultReport.record(
                "Disk full (64 MiB tmpfs)",
                "acknowledged " + acknowledged.size() + " messages of ~300 KB, then "
                        + failure.kind() + " after " + FaultReport.seconds(failedAfter) + ": \"" + failure.getMessage()
                        + "\""
                        + "; broker log: \"" + brokerSaid.strip() + "\""
                        + (brokerHalted ? ", broker process halted" : "")
                        + "; after remount and restart: stored " + stored.size()
                        + ", lost " + lost + ", duplicated " + duplicated);
        assertThat(lost).as("acknowledged but lost").isZero();
        assertThat(duplicated).isZero();
    }

    private BrokerProcess startBroker(int port, int controllerPort, String logName) {
        BrokerProcess b = BrokerProcess.start(disk, work, port, controllerPort, work.resolve(logName));
        await("the broker on " + disk).atMost(Duration.ofMinutes(2)).until(b::ready);
        return b;
    }

    private static CommunityNotice bigNotice(int i) {
        CommunityNotice notice = SamplePayloads.roadClosure("CPD-CN-DISK-" + i, Instant.now());
        StringBuilder body = new StringBuilder(300_000);
        while (body.length() < 300_000) {
            body.append(i).append(": Washington St between Clark and Dearborn is closed until 22:00. ");
        }
        notice.setBody(body.toString());
        return notice;
    }

    /** The broker's super user over TLS. */
    private static Map<String, Object> client(String bootstrap, Map<String, String> login) {
        Map<String, Object> p = new HashMap<>(login);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** Every record of {@code topic} from the beginning, committed only: count per key (message id). */
    private static Map<String, Integer> readIngress(Map<String, Object> client, String topic) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Object> committed = new HashMap<>(client);
        committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(committed, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return counts;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
