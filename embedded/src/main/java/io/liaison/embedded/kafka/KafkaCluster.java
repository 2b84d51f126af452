package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.pki.PkiDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of combined broker and controller nodes, each an {@link EmbeddedKafkaBroker} in a
 * JVM of its own ({@link #main} is the child's entry point) with its own data directory and ports,
 * all voters of one controller quorum, secured as the single embedded broker is (SASL_SSL with
 * SCRAM for clients and between brokers, mutual TLS on the controller listener, ACLs), each node
 * with its own {@code tls-broker} certificate from the project PKI.
 *
 * <p>Separate JVMs, so a node can be killed with SIGKILL ({@link #kill}) and started again on the
 * same data ({@link #start(int)}) while the others and the clients run on.
 */
public final class KafkaCluster implements EmbeddedKafka {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    private static final String READY_LINE = "liaison-kafka-node ready at ";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration STOP = Duration.ofMinutes(2);

    private final ClusterLayout layout;
    private final BrokerSecurity security;
    private final Map<Integer, Process> processes = new TreeMap<>();

    private KafkaCluster(ClusterLayout layout, BrokerSecurity security) {
        this.layout = layout;
        this.security = security;
    }

    /**
     * Starts every node of {@code layout} in a JVM of its own (under its {@linkplain ClusterLayout.Node#launcher
     * launcher}) and returns once each answers.
     */
    public static KafkaCluster start(ClusterLayout layout) {
        PkiDirectory pki = PkiDirectory.at(layout.pki());
        CredentialStore secrets = CredentialStore.at(layout.secrets());
        BrokerSecurity security = null;
        for (ClusterLayout.Node node : layout.nodes()) {
            // the parent issues every certificate, so the children only read the PKI; clients need only
            // the admin's login and the CA, which every node's security shares
            security = BrokerSecurity.ensure(pki, secrets, node.certificateName(), node.host(), Clock.systemUTC());
        }
        layout.write();
        KafkaCluster cluster = new KafkaCluster(layout, security);
        long started = System.nanoTime();
        try {
            layout.nodes().forEach(n -> cluster.launch(n.id()));
            // all at once: a node answers only once a majority of voters runs
            for (ClusterLayout.Node node : layout.nodes()) {
                cluster.awaitReady(node.id());
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info(
                "Kafka cluster of {} nodes ready at {} in {} ms (data in {})",
                layout.nodes().size(),
                layout.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                layout.dir());
        return cluster;
    }

    /** Child entry point: {@code <cluster dir> <node id>}; runs until stopped (SIGTERM: a controlled shutdown) or killed. */
    public static void main(String[] args) throws InterruptedException {
        // a node outlives no launcher: a test JVM killed mid-run leaves no broker behind holding its ports
        ProcessHandle.current()
                .parent()
                .ifPresent(launcher ->
                        launcher.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        ClusterLayout layout = ClusterLayout.read(Path.of(args[0]));
        int id = Integer.parseInt(args[1]);
        PkiDirectory pki = PkiDirectory.at(layout.pki());
        ClusterLayout.Node node = layout.node(id);
        BrokerSecurity security = new BrokerSecurity(
                CredentialStore.at(layout.secrets()).require(Principals.ADMIN),
                BrokerTls.fromPki(pki, node.certificateName()));
        List<String> peers = layout.nodes().stream()
                .filter(n -> n.id() != id)
                .map(n -> BrokerTls.fromPki(pki, n.certificateName()).principal())
                .toList();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                new BrokerConfig(
                        layout.dataDir(id),
                        node.port(),
                        node.controllerPort(),
                        BrokerConfig.DEFAULT_RETENTION_BYTES,
                        BrokerConfig.DEFAULT_RETENTION_HOURS,
                        Map.of(),
                        security),
                layout.seat(id, peers));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "liaison-kafka-node-stop"));
        System.out.println(READY_LINE + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }

    public ClusterLayout layout() {
        return layout;
    }

    public List<Integer> nodeIds() {
        return layout.nodes().stream().map(ClusterLayout.Node::id).toList();
    }

    @Override
    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    @Override
    public ClientConnection clientConnection(ScramCredential credential) {
        return security.clientConnection(credential);
    }

    @Override
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> p = new HashMap<>(security.adminConnection().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** SIGKILL of node {@code id}'s JVM: no controlled shutdown, no flush; returns once it is gone. */
    public synchronized void kill(int id) {
        Process p = process(id);
        p.destroyForcibly();
        awaitExit(id, p);
    }

    /** SIGTERM: a controlled shutdown (leadership handed over, the node leaves the ISRs first); returns once it exited. */
    public synchronized void stop(int id) {
        Process p = process(id);
        p.destroy();
        awaitExit(id, p);
    }

    /** Starts node {@code id} again on its data and ports and returns once it answers. */
    public void start(int id) {
        synchronized (this) {
            if (isRunning(id)) {
                throw new IllegalStateException("node " + id + " is running");
            }
            launch(id);
        }
        awaitReady(id);
    }

    public synchronized boolean isRunning(int id) {
        Process p = processes.get(id);
        return p != null && p.isAlive();
    }

    /** The operating system's id of node {@code id}'s JVM. */
    public synchronized long pid(int id) {
        return process(id).pid();
    }

    /** The node leading the controller quorum (the active controller), as the cluster reports it. */
    public int activeController() {
        try (Admin admin = Admin.create(shortTimeouts())) {
            return admin.describeMetadataQuorum()
                    .quorumInfo()
                    .get(30, TimeUnit.SECONDS)
                    .leaderId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the active controller", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the metadata quorum: " + e.getMessage(), e);
        }
    }

    /** The leader of {@code partition} now, or -1 if it has none. */
    public int leaderOf(TopicPartition partition) {
        try (Admin admin = Admin.create(shortTimeouts())) {
            var leader = admin.describeTopics(List.of(partition.topic()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(partition.topic())
                    .partitions()
                    .get(partition.partition())
                    .leader();
            return leader == null || leader.isEmpty() ? -1 : leader.id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the leader of " + partition, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + partition.topic() + ": " + e.getMessage(), e);
        }
    }

    /** What node {@code id}'s JVM printed, every run of it. */
    public String output(int id) {
        Path log = layout.log(id);
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops every node at once (a controlled shutdown each), killing any still running after two minutes. */
    @Override
    public synchronized void close() {
        List<Process> running = new ArrayList<>(
                processes.values().stream().filter(Process::isAlive).toList());
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP.toNanos();
        for (Process p : running) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        LOG.info("Kafka cluster at {} stopped", bootstrapServers());
    }

    private synchronized void launch(int id) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(layout.node(id).launcher());
        command.addAll(List.of(
                java.toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                KafkaCluster.class.getName(),
                layout.dir().toAbsolutePath().toString(),
                String.valueOf(id)));
        try {
            // a fresh log per run: the ready line of this run is the one that counts
            Files.deleteIfExists(layout.log(id));
            processes.put(
                    id,
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(layout.log(id).toFile())
                            .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch node " + id + " (" + command.get(0) + ")", e);
        }
    }

    private void awaitReady(int id) {
        Process p;
        synchronized (this) {
            p = process(id);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try {
            while (!output(id).contains(READY_LINE)) {
                if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(
                            "Kafka node " + id + " exited with " + p.exitValue() + "; its output:\n" + tail(id));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Kafka node " + id + " did not answer within " + STARTUP + "; its output:\n" + tail(id));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka node " + id, e);
        }
    }

    private void awaitExit(int id, Process p) {
        try {
            if (!p.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka node " + id + " (pid " + p.pid() + ") still runs after " + STOP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping Kafka node " + id, e);
        }
    }

    private Process process(int id) {
        Process p = processes.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no node " + id + " was started in " + layout.dir());
        }
        return p;
    }

    private String tail(int id) {
        String out = output(id);
        return out.length() > 4000 ? "..." + out.substring(out.length() - 4000) : out;
    }

    private Map<String, Object> shortTimeouts() {
        Map<String, Object> p = adminClientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }
}
