package io.liaison.embedded.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * Where the nodes of a {@link KafkaCluster} live: written once by the launcher into
 * {@code <dir>/cluster.properties} and read by every node's JVM, so the nodes agree on the cluster
 * id, the voters and each other's certificates, and a restart finds the same data and ports.
 *
 * @param dir       the cluster's directory: the layout, {@code node-<id>/} data and {@code node-<id>.log} output
 * @param clusterId the id every node's storage is formatted with
 * @param pki       the project PKI holding the CA and each node's {@code tls-broker} certificate
 * @param secrets   the password files ({@code admin.password})
 * @param nodes     the nodes, every one a voter of the controller quorum and a broker
 */
public record ClusterLayout(Path dir, String clusterId, Path pki, Path secrets, List<Node> nodes) {
    static final String FILE = "cluster.properties";

    /**
     * One node.
     *
     * @param id             {@code node.id}
     * @param host           the IP address both its listeners bind and advertise
     * @param port           client and inter-broker listener (SASL_SSL)
     * @param controllerPort controller listener (mutual TLS)
     * @param launcher       the command its JVM runs under, e.g. {@code ip netns exec <namespace>}; empty for none
     */
    public record Node(int id, String host, int port, int controllerPort, List<String> launcher) {
        public Node {
            Objects.requireNonNull(host, "node." + id + ".host");
            requirePort("node." + id + ".port", port);
            requirePort("node." + id + ".controller.port", controllerPort);
            launcher = List.copyOf(launcher);
        }

        /** The same node, its JVM started under {@code command}. */
        public Node launchedBy(List<String> command) {
            return new Node(id, host, port, controllerPort, command);
        }

        /** Its certificate's name in the PKI ({@code tls/kafka-<id>/broker.*}). */
        public String certificateName() {
            return BrokerTls.NAME + "-" + id;
        }

        public String address() {
            return host + ":" + port;
        }
    }

    public ClusterLayout {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clusterId, "cluster.id");
        Objects.requireNonNull(pki, "pki.dir");
        Objects.requireNonNull(secrets, "secrets.dir");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must name at least one node");
        }
        if (nodes.stream().map(Node::id).distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("nodes must have distinct ids, were " + nodes);
        }
    }

    /**
     * {@code count} nodes on 127.0.0.1 with ids 1..count: node i on {@code firstPort + 2(i-1)} and the
     * port after it for its controller, or on free ports if {@code firstPort} is 0.
     */
    public static ClusterLayout loopback(Path dir, Path pki, Path secrets, int count, int firstPort) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hosts.add("127.0.0.1");
        }
        return on(dir, pki, secrets, hosts, firstPort);
    }

    /** One node per host, ids 1..n in order, ports as {@link #loopback}. */
    public static ClusterLayout on(Path dir, Path pki, Path secrets, List<String> hosts, int firstPort) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("brokers must be at least 1, was 0");
        }
        if (firstPort != 0) {
            requirePort("first port", firstPort);
            requirePort("last port", firstPort + 2 * hosts.size() - 1);
        }
        List<Integer> ports = firstPort == 0
                ? EmbeddedKafkaBroker.freePorts(2 * hosts.size())
                : IntStream.range(0, 2 * hosts.size())
                        .mapToObj(i -> firstPort + i)
                        .toList();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            nodes.add(new Node(i + 1, hosts.get(i), ports.get(2 * i), ports.get(2 * i + 1), List.of()));
        }
        return new ClusterLayout(dir, Uuid.randomUuid().toString(), pki, secrets, nodes);
    }

    public Node node(int id) {
        return nodes.stream()
                .filter(n -> n.id() == id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + dir));
    }

    public Path dataDir(int id) {
        return dir.resolve("node-" + id);
    }

    public Path log(int id) {
        return dir.resolve("node-" + id + ".log");
    }

    public String bootstrapServers() {
        return nodes.stream().map(Node::address).collect(Collectors.joining(","));
    }

    /** The seat of node {@code id}: every node votes, and every other node's certificate is a super user. */
    QuorumSeat seat(int id, List<String> peerPrincipals) {
        return new QuorumSeat(
                id,
                node(id).host(),
                nodes.stream()
                        .map(n -> new QuorumSeat.Voter(n.id(), n.host(), n.controllerPort()))
                        .toList(),
                Optional.of(clusterId),
                peerPrincipals);
    }

    /** The layout in {@code dir}, if a cluster was started there before. */
    public static Optional<ClusterLayout> find(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE)) ? Optional.of(read(dir)) : Optional.empty();
    }

    static ClusterLayout read(Path dir) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
        }
        List<Node> nodes = new ArrayList<>();
        for (String id : required(p, dir, "nodes").split(",")) {
            nodes.add(new Node(
                    Integer.parseInt(id),
                    required(p, dir, "node." + id + ".host"),
                    Integer.parseInt(required(p, dir, "node." + id + ".port")),
                    Integer.parseInt(required(p, dir, "node." + id + ".controller.port")),
                    p.getProperty("node." + id + ".launcher", "").isBlank()
                            ? List.of()
                            : List.of(p.getProperty("node." + id + ".launcher").split(" "))));
        }
        return new ClusterLayout(
                dir,
                required(p, dir, "cluster.id"),
                Path.of(required(p, dir, "pki.dir")),
                Path.of(required(p, dir, "secrets.dir")),
                nodes);
    }

    /** The same layout with {@code node} in place of the node of its id. */
    public ClusterLayout with(Node node) {
        return new ClusterLayout(
                dir,
                clusterId,
                pki,
                secrets,
                nodes.stream().map(n -> n.id() == node.id() ? node : n).toList());
    }

    /** Writes the layout, where {@link KafkaCluster#start} and {@link #find} read it. */
    public void write() {
        Properties p = new Properties();
        p.setProperty("cluster.id", clusterId);
        p.setProperty("pki.dir", pki.toAbsolutePath().toString());
        p.setProperty("secrets.dir", secrets.toAbsolutePath().toString());
        p.setProperty("nodes", nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(",")));
        for (Node n : nodes) {
            p.setProperty("node." + n.id() + ".host", n.host());
            p.setProperty("node." + n.id() + ".port", String.valueOf(n.port()));
            p.setProperty("node." + n.id() + ".controller.port", String.valueOf(n.controllerPort()));
            p.setProperty("node." + n.id() + ".launcher", String.join(" ", n.launcher()));
        }
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(dir.resolve(FILE))) {
                p.store(out, "Liaison KRaft cluster: every node reads this (ClusterLayout)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    private static String required(Properties p, Path dir, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(dir.resolve(FILE) + " has no " + key);
        }
        return value;
    }

    private static void requirePort(String key, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be in the range 1..65535, was " + port);
        }
    }
}
