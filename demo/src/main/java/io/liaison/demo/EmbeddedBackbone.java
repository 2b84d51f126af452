package io.liaison.demo;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.AclRule;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.ClusterLayout;
import io.liaison.embedded.kafka.EmbeddedKafka;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.kafka.KafkaCluster;
import io.liaison.embedded.registry.ApicurioRegistry;
import io.liaison.embedded.registry.ApicurioRegistryConfig;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.Policy;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.http.IngestServer;
import io.liaison.registry.AvroCodec;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.BackboneStack;
import io.liaison.runtime.ExternalBackbone;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.streams.BackboneService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole backbone on one machine, for {@code liaison demo}, the benchmark and end-to-end tests:
 * a KRaft broker (TLS on every listener with a certificate of the backbone CA, SCRAM with the
 * policy's ACLs) and Apicurio Registry as child services, and
 * over them the same core as on an existing cluster ({@link ExternalBackbone}: PKI, topics, control
 * plane, Streams backbone). Everything lives under the Liaison home and survives a restart.
 */
public final class EmbeddedBackbone implements BackboneStack, AutoCloseable {
    /**
     * Ports of the embedded default; fixed so a second terminal finds the stack. 0 picks free ports.
     * A cluster's node i listens on {@code kafka + 2(i-1)} and its controller on the port after.
     */
    public record Ports(int kafka, int controller, int registry) {
        public static final Ports DEFAULT = new Ports(19092, 19093, 18081);
        public static final Ports EPHEMERAL = new Ports(0, 0, 0);
    }

    private final EmbeddedKafka broker;
    private final ApicurioRegistry registry;
    private final ExternalBackbone core;

    private EmbeddedBackbone(EmbeddedKafka broker, ApicurioRegistry registry, ExternalBackbone core) {
        this.broker = broker;
        this.registry = registry;
        this.core = core;
    }

    public static EmbeddedBackbone start(LiaisonHome home, Ports ports, Path policyFile, PrintWriter progress) {
        return start(home, ports, policyFile, TopicPlan.embedded(), 1, progress);
    }

    /**
     * As {@link #start(LiaisonHome, Ports, Path, PrintWriter)}, with the topics of {@code topics} (the
     * backbone is pinned to its partition count) and {@code streamThreads} backbone stream threads.
     */
    public static EmbeddedBackbone start(
            LiaisonHome home, Ports ports, Path policyFile, TopicPlan topics, int streamThreads, PrintWriter progress) {
        return start(home, ports, 1, policyFile, topics, streamThreads, progress);
    }

    /**
     * The embedded default on {@code brokers} KRaft nodes: one in this JVM, or a {@link KafkaCluster}
     * of that many JVMs (data in {@link LiaisonHome#kafkaCluster()}) with the topics of
     * {@link TopicPlan#embedded(int)}.
     */
    public static EmbeddedBackbone start(
            LiaisonHome home, Ports ports, int brokers, Path policyFile, PrintWriter progress) {
        return start(home, ports, brokers, policyFile, TopicPlan.embedded(brokers), 1, progress);
    }

    /** As {@link #start(LiaisonHome, Ports, int, Path, PrintWriter)}, with these topics and stream threads. */
    public static EmbeddedBackbone start(
            LiaisonHome home,
            Ports ports,
            int brokers,
            Path policyFile,
            TopicPlan topics,
            int streamThreads,
            PrintWriter progress) {
        Policy policy = ExternalBackbone.loadPolicy(policyFile);
        CredentialStore secrets = CredentialStore.at(home.secrets());
        // the broker's certificate comes from the backbone PKI, so its CA exists before the broker starts
        BrokerSecurity security = BrokerSecurity.ensure(PkiDirectory.at(home.pki()), secrets, Clock.systemUTC());
        EmbeddedKafka broker = brokers == 1
                ? startBroker(home, ports, security, progress)
                : startCluster(home, ports, brokers, progress);
        ApicurioRegistry registry;
        try {
            progress.println("  starting Apicurio Registry ...");
            registry = ApicurioRegistry.start(
                    ApicurioRegistryConfig.defaults(home.registry()).withPort(ports.registry()));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        try {
            secureCluster(broker, secrets, policy);
            ExternalBackbone.Cluster cluster = new ExternalBackbone.Cluster(
                    broker.bootstrapServers(),
                    registry.url().toString(),
                    topics,
                    user -> broker.clientConnection(secrets.require(user)));
            EmbeddedBackbone stack = new EmbeddedBackbone(
                    broker,
                    registry,
                    ExternalBackbone.start(
                            cluster, "liaison-streams@embedded", home, policyFile, policy, streamThreads, progress));
            // what a second terminal needs to log in: the CA's trust store (public), never a private key
            stack.connection()
                    .write(
                            home.connectionFile(),
                            Map.of(
                                    LiaisonSettings.KAFKA_SECURITY_PROTOCOL, ClientConnection.PROTOCOL,
                                    LiaisonSettings.TLS_TRUSTSTORE,
                                            security.tls()
                                                    .trust()
                                                    .trustStore()
                                                    .toAbsolutePath()
                                                    .toString(),
                                    LiaisonSettings.SECRETS_DIR,
                                            home.secrets().toAbsolutePath().toString()));
            return stack;
        } catch (RuntimeException e) {
            registry.close();
            broker.close();
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startBroker(
            LiaisonHome home, Ports ports, BrokerSecurity security, PrintWriter progress) {
        progress.println("  starting Kafka (KRaft, single node, TLS on every listener, SCRAM with ACLs) ...");
        return EmbeddedKafkaBroker.start(new BrokerConfig(
                home.kafka(),
                ports.kafka(),
                ports.controller(),
                BrokerConfig.DEFAULT_RETENTION_BYTES,
                BrokerConfig.DEFAULT_RETENTION_HOURS,
                Map.of(),
                security));
    }

    /** The cluster under the home, on the ports and cluster id of its last start if there was one. */
    private static KafkaCluster startCluster(LiaisonHome home, Ports ports, int brokers, PrintWriter progress) {
        ClusterLayout layout = ClusterLayout.find(home.kafkaCluster())
                .orElseGet(() -> ClusterLayout.loopback(
                        home.kafkaCluster(), home.pki(), home.secrets(), brokers, ports.kafka()));
        if (layout.nodes().size() != brokers) {
            throw new IllegalArgumentException(
                    "--brokers " + brokers + ": " + home.kafkaCluster() + " holds a cluster of "
                            + layout.nodes().size() + " nodes; use that many, or delete the directory to start afresh");
        }
        progress.println("  starting Kafka (KRaft, " + brokers + " nodes in JVMs of their own, a " + brokers
                + "-voter quorum, TLS on every listener, SCRAM with ACLs) ...");
        return KafkaCluster.start(layout);
    }

    /**
     * Creates every principal's SCRAM credentials and the ACLs of the policy, idempotently, and waits
     * until the broker enforces the ACLs (they take a moment to propagate).
     */
    private static void secureCluster(EmbeddedKafka broker, CredentialStore secrets, Policy policy) {
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            ClusterAdmin cluster = new ClusterAdmin(admin, Duration.ofSeconds(30));
            cluster.upsertUsers(Principals.users(policy.agencies()).stream()
                    .filter(user -> !user.equals(Principals.ADMIN))
                    .map(secrets::ensure)
                    .toList());
            SortedSet<AclRule> acls = AclPlan.defaults().rules(policy.agencies());
            cluster.applyAcls(cluster.aclDiff(acls), false);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!cluster.aclDiff(acls).missing().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not report the policy's ACLs within 30 s");
                }
                BackboneNode.pause(Duration.ofMillis(200));
            }
        }
    }

    @Override
    public Map<String, Object> clientProperties(String user) {
        return core.clientProperties(user);
    }

    public ConnectionSettings connection() {
        return core.connection();
    }

    /** The policy in force now (it may change live through the policy topic). */
    public Policy policy() {
        return core.policy();
    }

    public TrustStore trust() {
        return core.trust();
    }

    public PkiDirectory pki() {
        return core.pki();
    }

    public BackboneService backbone() {
        return core.backbone();
    }

    /** The embedded broker, or the cluster of {@code --brokers N}. */
    public EmbeddedKafka broker() {
        return broker;
    }

    public ApicurioRegistry registry() {
        return registry;
    }

    @Override
    public AgencyGateway gateway(String agency) {
        return core.gateway(agency);
    }

    @Override
    public InboxConsumer inbox(String agency, String groupSuffix) {
        return core.inbox(agency, groupSuffix);
    }

    @Override
    public void close() {
        core.close();
        registry.close();
        broker.close();
    }

    /**
     * {@code agency}'s analysts' HTTP/SSE gateway and console over this stack, logged in to Kafka as
     * {@code gateway.<agency>} with the agency's own decryption key; closed with the stack.
     */
    public ConsumerGatewayServer startConsumerGateway(String agency, int port) {
        return core.startConsumerGateway(agency, port);
    }

    /** The backbone instance: its meters and the checks behind {@code /health} and {@code /ready}. */
    public BackboneNode node() {
        return core.node();
    }

    /** The oversight board's witness, in-process: its base URL. */
    public String witnessUrl() {
        return core.witnessUrl();
    }

    /** {@code agency}'s own decryption keys. */
    public io.liaison.kernel.seal.DecryptionKeys decryptionKeys(String agency) {
        return core.decryptionKeys(agency);
    }

    /** An agency's HTTP ingest over a gateway of its own; closed with the stack. */
    public IngestServer startIngest(String agency, int port) {
        return core.startIngest(agency, port);
    }

    /** A bearer token for {@code subject} of {@code agency}, signed with the agency's key, for one of the gateways. */
    public String token(String agency, String subject, String audience, Duration lifetime) {
        return core.token(agency, subject, audience, lifetime);
    }

    @Override
    public AvroCodec readOnlyCodec() {
        return core.readOnlyCodec();
    }
}
