package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.ScramCredential;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running in this JVM, bound to
 * 127.0.0.1 only. It formats its storage on first start and reuses it afterwards, so data
 * survives a restart. Used by {@code ./liaison demo} and by the integration tests.
 *
 * <p>Settings that matter on one node: the internal topics' replication factors are 1 (or
 * consumers and transactions silently wait forever), the initial rebalance delay is 0, and the
 * metadata version is the latest production one (the default of the test kit is unstable).
 *
 * <p>Every listener speaks TLS only (1.3 or 1.2, {@link io.liaison.pki.TlsPolicy}) with the broker's
 * {@code tls-broker} certificate: the client and inter-broker listener ({@value #CLIENT_LISTENER})
 * takes SCRAM-SHA-512 logins over SASL_SSL, the controller listener requires a client certificate,
 * and Kafka's {@code StandardAuthorizer} denies whatever no ACL allows; see {@link BrokerSecurity}.
 */
public final class EmbeddedKafkaBroker implements EmbeddedKafka {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "CLIENT";
    private static final int SCRAM_ITERATIONS = 8192;
    /** Present in the data directory once the admin's SCRAM credential is in the metadata log. */
    private static final String SCRAM_MARKER = "scram-admin.created";

    private final BrokerConfig config;
    private final QuorumSeat seat;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(
            BrokerConfig config, QuorumSeat seat, int port, int controllerPort, KafkaRaftServer server) {
        this.config = config;
        this.seat = seat;
        this.port = port;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /** Formats storage if needed, starts the broker and waits until it answers. */
    public static EmbeddedKafkaBroker start(BrokerConfig config) {
        return start(config, QuorumSeat.alone());
    }

    /**
     * As {@link #start(BrokerConfig)}, as the node {@code seat} of a quorum: the ports of
     * {@code config} must be fixed, since the other voters dial them. Returns once this node answers,
     * which needs a majority of the voters running.
     */
    public static EmbeddedKafkaBroker start(BrokerConfig config, QuorumSeat seat) {
        if (!seat.isAlone() && (config.port() == 0 || config.controllerPort() == 0)) {
            throw new IllegalArgumentException(
                    "port and controllerPort of node " + seat.nodeId() + " must be fixed: the other voters dial them");
        }
        Path logDir = config.dataDir().resolve("kraft-log");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data directory " + logDir, e);
        }
        boolean formatted = format(logDir, config.security().admin(), seat);
        Path scramMarker = config.dataDir().resolve(SCRAM_MARKER);
        if (!formatted && !Files.exists(scramMarker)) {
            createAdminOnUnsecuredData(config, logDir);
        }
        markScramReady(scramMarker);
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = launch(config, seat, logDir, config.port(), config.controllerPort(), false);
        // a node of a quorum waits for a majority of voters, which start in other JVMs at the same time
        broker.awaitReady(broker.adminClientProperties(), Duration.ofSeconds(seat.isAlone() ? 60 : 180));
        LOG.info(
                "Kafka broker ready at {} in {} ms (data in {}, SASL_SSL/SCRAM-SHA-512 with ACLs, controller mutual TLS)",
                broker.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                logDir);
        return broker;
    }

    /**
     * Starts the server. {@code adminBootstrap} makes the client listener mutual TLS instead of
     * SCRAM, so the broker's own certificate can log in where no SCRAM user exists yet.
     */
    private static EmbeddedKafkaBroker launch(
            BrokerConfig config,
            QuorumSeat seat,
            Path logDir,
            int wantedPort,
            int wantedControllerPort,
            boolean adminBootstrap) {
        List<Integer> free = freePorts(2);
        int port = wantedPort == 0 ? free.get(0) : wantedPort;
        int controllerPort = wantedControllerPort == 0 ? free.get(1) : wantedControllerPort;
        Properties props = brokerProperties(config, seat, port, controllerPort, logDir);
        props.putAll(securityProperties(config.security(), seat, adminBootstrap));
        props.putAll(config.overrides());
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafkaBroker(config, seat, port, controllerPort, server);
    }

    @Override
    public String bootstrapServers() {
        return seat.host() + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The KRaft controller listener's port on 127.0.0.1 (mutual TLS; brokers and controllers only). */
    public int controllerPort() {
        return controllerPort;
    }

    public BrokerConfig config() {
        return config;
    }

    /** How the admin (super user) connects. */
    public ClientConnection adminConnection() {
        return config.security().adminConnection();
    }

    /** How a client holding {@code credential} connects. */
    @Override
    public ClientConnection clientConnection(ScramCredential credential) {
        return config.security().clientConnection(credential);
    }

    /** Bootstrap servers plus the admin's security settings: ready for {@code Admin.create}. */
    @Override
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> p = new HashMap<>(adminConnection().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }

    static Properties brokerProperties(
            BrokerConfig config, QuorumSeat seat, int port, int controllerPort, Path logDir) {
        String host = seat.host();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(seat.nodeId()));
        p.put("controller.quorum.voters", seat.votersProperty(controllerPort));
        p.put(
                "listeners",
                CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":"
                        + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.putAll(durabilitySettings(seat.internalReplication(), seat.minInSyncReplicas()));
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("unstable.api.versions.enable", "false");
        p.put("unstable.feature.versions.enable", "false");
        p.put("log.retention.bytes", String.valueOf(config.retentionBytes()));
        p.put("log.retention.hours", String.valueOf(config.retentionHours()));
        p.put("log.segment.bytes", String.valueOf(64 << 20));
        return p;
    }

    /**
     * What the broker replicates and how many copies acknowledge, for internal topics and topics
     * created without settings of their own (the Streams backbone's changelogs); no topic is created
     * by a client's mistake and no out-of-sync replica ever leads. {@code deploy/kafka/start-broker.sh}
     * sets the same (ComposeConsistencyTest).
     */
    public static Map<String, String> durabilitySettings(short replication, int minInSyncReplicas) {
        String rf = String.valueOf(replication);
        String minIsr = String.valueOf(minInSyncReplicas);
        return Map.ofEntries(
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("default.replication.factor", rf),
                Map.entry("min.insync.replicas", minIsr),
                Map.entry("unclean.leader.election.enable", "false"),
                Map.entry("offsets.topic.replication.factor", rf),
                Map.entry("transaction.state.log.replication.factor", rf),
                Map.entry("transaction.state.log.min.isr", minIsr),
                Map.entry("share.coordinator.state.topic.replication.factor", rf),
                Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                Map.entry("group.initial.rebalance.delay.ms", "0"));
    }

    /**
     * TLS on both listeners with the broker's key and the CA: SASL_SSL with SCRAM on the client and
     * inter-broker listener (or, for {@code adminBootstrap}, SSL with a required client
     * certificate), SSL with a required client certificate on the controller listener, host names
     * checked when the broker dials its controller, the standard authorizer, deny by default, and
     * the admin and the broker's own certificate as the super users.
     */
    static Map<String, String> securityProperties(BrokerSecurity security, QuorumSeat seat, boolean adminBootstrap) {
        BrokerTls tls = security.tls();
        String client = CLIENT_LISTENER.toLowerCase(Locale.ROOT);
        String controller = CONTROLLER_LISTENER.toLowerCase(Locale.ROOT);
        Map<String, String> p = new HashMap<>();
        p.put(
                "listener.security.protocol.map",
                CLIENT_LISTENER + ":" + (adminBootstrap ? "SSL" : "SASL_SSL") + "," + CONTROLLER_LISTENER + ":SSL");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", new String(tls.keyStorePassword().chars()));
        p.put("ssl.key.password", new String(tls.keyStorePassword().chars()));
        p.putAll(tls.trust().kafkaProperties());
        p.put("listener.name." + controller + ".ssl.client.auth", "required");
        if (adminBootstrap) {
            p.put("listener.name." + client + ".ssl.client.auth", "required");
        } else {
            p.put("sasl.enabled.mechanisms", ClientConnection.SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", ClientConnection.SCRAM_MECHANISM);
            p.put(
                    "listener.name." + client + ".scram-sha-512.sasl.jaas.config",
                    ClientConnection.scramJaasLine(security.admin()));
        }
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        List<String> superUsers =
                new java.util.ArrayList<>(List.of(security.admin().principal(), tls.principal()));
        superUsers.addAll(seat.peerPrincipals());
        p.put("super.users", String.join(";", superUsers));
        return p;
    }

    /**
     * Formats once; a directory that already holds meta.properties keeps its cluster id and data.
     * A secured broker's admin SCRAM credential is written into the metadata log here, because no
     * one could log in to create it afterwards. Returns whether it formatted.
     */
    private static boolean format(Path logDir, ScramCredential admin, QuorumSeat seat) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setScramArguments(List.of(ClientConnection.SCRAM_MECHANISM + "=[name=" + admin.user()
                            + ",iterations=" + SCRAM_ITERATIONS + ",password="
                            + new String(admin.password().chars()) + "]"))
                    .setPrintStream(quiet)
                    .setNodeId(seat.nodeId())
                    .setClusterId(
                            seat.clusterId().orElseGet(() -> Uuid.randomUuid().toString()))
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A data directory that ran without security (a version before broker security) has no SCRAM
     * credential for the admin, and a secured broker lets no one in to create it (the controller
     * listener does not serve that API). So it starts once on fresh loopback ports nobody else
     * knows, with mutual TLS instead of SCRAM on the client listener; the broker's own certificate,
     * a super user, creates the admin's credential, and the broker stops.
     */
    private static void createAdminOnUnsecuredData(BrokerConfig config, Path logDir) {
        ScramCredential admin = config.security().admin();
        LOG.info(
                "securing {}: creating the admin's SCRAM credential on data that ran without security",
                config.dataDir());
        try (EmbeddedKafkaBroker broker = launch(config, QuorumSeat.alone(), logDir, 0, 0, true)) {
            Map<String, Object> p =
                    new HashMap<>(config.security().tls().trust().kafkaProperties());
            p.put("security.protocol", "SSL");
            p.put("ssl.keystore.type", "PKCS12");
            p.put(
                    "ssl.keystore.location",
                    config.security().tls().keyStore().toAbsolutePath().toString());
            p.put(
                    "ssl.keystore.password",
                    new String(config.security().tls().keyStorePassword().chars()));
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            broker.awaitReady(p, Duration.ofSeconds(60));
            try (Admin client = Admin.create(p)) {
                client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                admin.user(),
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                                new String(admin.password().chars()))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while securing " + config.dataDir(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create the admin's SCRAM credential in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static void markScramReady(Path marker) {
        try {
            if (!Files.exists(marker)) {
                Files.writeString(marker, "the admin's SCRAM credential exists in this broker's metadata\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }

    /** Waits until the broker answers a client with {@code clientProperties}; fails at once on a refused login or handshake. */
    private void awaitReady(Map<String, Object> clientProperties, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SaslAuthenticationException) {
                        close();
                        throw new IllegalStateException(
                                "the broker at " + bootstrapServers() + " refused the admin's password: "
                                        + "the data in " + config.dataDir() + " was secured with another one",
                                e.getCause());
                    }
                    if (e.getCause() instanceof SslAuthenticationException) {
                        close();
                        throw new IllegalStateException(
                                "TLS handshake with the broker at " + bootstrapServers() + " failed ("
                                        + e.getCause().getMessage() + "): "
                                        + config.security().tls().keyStore()
                                        + " must hold a certificate for 127.0.0.1 issued by the CA in "
                                        + config.security().tls().trust().trustStore(),
                                e.getCause());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Kafka broker at " + bootstrapServers() + " did not become ready within " + timeout, e);
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Kafka broker at " + bootstrapServers() + " did not become ready within " + timeout, e);
                    }
                }
            }
        }
    }

    /** A port free right now on 127.0.0.1 (the broker binds it a moment later; fine on a test machine). */
    /**
     * {@code count} distinct free ports on 127.0.0.1: each socket stays open until all are taken, so
     * the system cannot hand the same port out twice (as calling {@link #freePort} in a row can).
     */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no " + count + " free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listening socket that accepted nothing does not fail in a way that matters here
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
