package io.liaison.bench.pipeline;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single KRaft node with no TLS and no SASL on 127.0.0.1, for one thing only: running the
 * baselines a second time in the same {@code liaison bench} run, so that BENCHMARKS.md can say what
 * TLS and SCRAM cost. Nothing of Liaison ever connects to it; Liaison's own brokers refuse plaintext
 * ({@link EmbeddedKafkaBroker}). Same durability settings and storage layout as those.
 */
final class PlaintextKafka implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrap;

    private PlaintextKafka(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    static PlaintextKafka start(Path logDir) {
        List<Integer> ports = EmbeddedKafkaBroker.freePorts(2);
        int port = ports.get(0);
        int controllerPort = ports.get(1);
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.putAll(EmbeddedKafkaBroker.durabilitySettings((short) 1, 1));
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("log.segment.bytes", String.valueOf(64 << 20));
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        server.startup();
        PlaintextKafka kafka = new PlaintextKafka(server, "127.0.0.1:" + port);
        kafka.awaitReady(Duration.ofSeconds(60));
        return kafka;
    }

    /** Client settings: the servers and the socket buffers of every Liaison client, no security. */
    Map<String, Object> clientProperties() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.RECEIVE_BUFFER_CONFIG,
                ClientConnection.RECEIVE_BUFFER_BYTES);
    }

    private void awaitReady(Duration timeout) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the plaintext comparison broker did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
