package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientSecurity;
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
import java.util.HashMap;
import java.util.List;
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
 * <p>With {@link BrokerSecurity#scram} the client listener ({@value #SASL_LISTENER}) takes only
 * SCRAM-SHA-512 logins and Kafka's {@code StandardAuthorizer} denies whatever no ACL allows; see
 * {@link BrokerSecurity}. Without it the client listener is {@value #PLAINTEXT_LISTENER}, as before.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String PLAINTEXT_LISTENER = "PLAINTEXT";
    static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final int SCRAM_ITERATIONS = 8192;
    /** Present in the data directory once the admin's SCRAM credential is in the metadata log. */
    private static final String SCRAM_MARKER = "scram-admin.created";

    private final BrokerConfig config;
    private final int port;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(BrokerConfig config, int port, KafkaRaftServer server) {
        this.config = config;
        this.port = port;
        this.server = server;
    }

    /** Formats storage if needed, starts the broker and waits until it answers. */
    public static EmbeddedKafkaBroker start(BrokerConfig config) {
        Path logDir = config.dataDir().resolve("kraft-log");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data directory " + logDir, e);
        }
        boolean formatted = format(logDir, config.security());
        Path scramMarker = config.dataDir().resolve(SCRAM_MARKER);
        if (config.security().secured() && !formatted && !Files.exists(scramMarker)) {
            createAdminOnPlaintextData(config);
        }
        if (config.security().secured()) {
            markScramReady(scramMarker);
        }
        int port = config.port() == 0 ? freePort() : config.port();
        int controllerPort = config.controllerPort() == 0 ? freePort() : config.controllerPort();
        Properties props = brokerProperties(config, port, controllerPort, logDir);
        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, port, server);
        broker.awaitReady(Duration.ofSeconds(60));
        LOG.info("Kafka broker ready at {} in {} ms (data in {}, {})", broker.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir,
                config.security().secured() ? "SASL/SCRAM-SHA-512 with ACLs" : "PLAINTEXT without authentication");
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public BrokerConfig config() {
        return config;
    }

    /** How the admin (super user) connects; plaintext when the broker is not secured. */
    public ClientSecurity adminSecurity() {
        return config.security().adminSecurity();
    }

    /** How a client holding {@code credential} connects (the credential is ignored when the broker is not secured). */
    public ClientSecurity clientSecurity(ScramCredential credential) {
        return config.security().clientSecurity(credential);
    }

    /** Bootstrap servers plus the admin's security settings: ready for {@code Admin.create}. */
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> p = new HashMap<>(adminSecurity().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }

    static Properties brokerProperties(BrokerConfig config, int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        String client = config.security().secured() ? SASL_LISTENER : PLAINTEXT_LISTENER;
        p.put("listeners", client + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", client + "://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", client);
        if (config.security().secured()) {
            p.putAll(securityProperties(config.security().admin()));
        } else {
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        }
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("unstable.api.versions.enable", "false");
        p.put("unstable.feature.versions.enable", "false");
        p.put("log.retention.bytes", String.valueOf(config.retentionBytes()));
        p.put("log.retention.hours", String.valueOf(config.retentionHours()));
        p.put("log.segment.bytes", String.valueOf(64 << 20));
        p.put("unclean.leader.election.enable", "false");
        p.putAll(config.overrides());
        return p;
    }

    /**
     * SCRAM on the client and inter-broker listener, SASL/PLAIN with the admin's password on the
     * controller listener (SCRAM cannot work there: the controller serves the metadata that holds
     * the SCRAM credentials), the standard authorizer, deny by default, admin as the super user.
     */
    static Map<String, String> securityProperties(ScramCredential admin) {
        String password = new String(admin.password().chars());
        String controller = CONTROLLER_LISTENER.toLowerCase(java.util.Locale.ROOT);
        String sasl = SASL_LISTENER.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> p = new HashMap<>();
        p.put("listener.security.protocol.map", SASL_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", ClientSecurity.SCRAM_MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", ClientSecurity.SCRAM_MECHANISM);
        p.put("listener.name." + sasl + ".scram-sha-512.sasl.jaas.config", ClientSecurity.scramJaasLine(admin));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name." + controller + ".sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name." + controller + ".plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin.user()
                        + "\" password=\"" + password + "\" user_" + admin.user() + "=\"" + password + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", admin.principal());
        return p;
    }

    /**
     * Formats once; a directory that already holds meta.properties keeps its cluster id and data.
     * A secured broker's admin SCRAM credential is written into the metadata log here, because no
     * one could log in to create it afterwards. Returns whether it formatted.
     */
    private static boolean format(Path logDir, BrokerSecurity security) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            Formatter formatter = new Formatter();
            if (security.secured()) {
                formatter.setScramArguments(List.of(ClientSecurity.SCRAM_MECHANISM + "=[name=" + security.admin().user()
                        + ",iterations=" + SCRAM_ITERATIONS + ",password=" + new String(security.admin().password().chars()) + "]"));
            }
            formatter
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
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
     * A data directory that ran without security has no SCRAM credential for the admin, and a
     * secured broker lets no one in to create it (the controller listener does not serve that API).
     * So it starts once more as it ran before, plaintext on fresh loopback ports nobody else knows,
     * creates the admin's credential, and stops.
     */
    private static void createAdminOnPlaintextData(BrokerConfig config) {
        ScramCredential admin = config.security().admin();
        LOG.info("securing {}: creating the admin's SCRAM credential on data that ran without security", config.dataDir());
        BrokerConfig plaintext = new BrokerConfig(config.dataDir(), 0, 0, config.retentionBytes(), config.retentionHours(),
                config.overrides(), BrokerSecurity.plaintext());
        try (EmbeddedKafkaBroker broker = start(plaintext); Admin client = Admin.create(broker.adminClientProperties())) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(admin.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), new String(admin.password().chars()))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while securing " + config.dataDir(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the admin's SCRAM credential in " + config.dataDir() + ": " + e.getMessage(), e);
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

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> p = adminClientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SaslAuthenticationException) {
                        close();
                        throw new IllegalStateException("the broker at " + bootstrapServers() + " refused the admin's password: "
                                + "the data in " + config.dataDir() + " was secured with another one", e.getCause());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + bootstrapServers()
                                + " did not become ready within " + timeout, e);
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + bootstrapServers()
                                + " did not become ready within " + timeout, e);
                    }
                }
            }
        }
    }

    /** A port free right now on 127.0.0.1 (the broker binds it a moment later; fine on a test machine). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
