package io.liaison.systemtests.reliability;

import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.Topics;
import io.liaison.demo.EmbeddedBackbone;
import io.liaison.embedded.kafka.ClusterLayout;
import io.liaison.embedded.kafka.EmbeddedKafka;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.kafka.KafkaCluster;
import io.liaison.embedded.registry.ApicurioRegistry;
import io.liaison.embedded.registry.ApicurioRegistryConfig;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.Policy;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PseudonymSettings;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole backbone on loopback for the fault scenarios, shared by every reliability IT (one
 * start, about 20 s, instead of one per class). It is the {@link EmbeddedBackbone} on fixed free
 * ports, so the broker and the registry can be stopped and started again on the same data
 * directory and port while clients keep their addresses; and the in-process backbone can be
 * replaced by a fresh one whose registry cache is cold.
 *
 * <p>Every scenario tracks its own message ids and reads the output topics from where they ended
 * when it began, so scenarios sharing the stack cannot see each other's messages.
 */
final class ReliabilityStack implements AutoCloseable {
    static final Path POLICY = Path.of("../config/policy.yaml").toAbsolutePath().normalize();
    /** The agencies that publish in the scenarios. */
    static final List<String> PUBLISHERS = List.of("cpd", "ice", "guard");

    private final Path home;
    private final EmbeddedBackbone stack;
    private final ApicurioRegistryConfig registryConfig;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private EmbeddedKafka broker;
    private ApicurioRegistry registry;
    private BackboneNode replacementNode;
    private boolean inProcessStopped;

    private ReliabilityStack(Path home, EmbeddedBackbone stack) {
        this.home = home;
        this.stack = stack;
        this.broker = stack.broker();
        this.registry = stack.registry();
        this.registryConfig = ApicurioRegistryConfig.defaults(new LiaisonHome(home).registry())
                .withPort(registry.port());
    }

    static ReliabilityStack start() {
        return start(1);
    }

    /**
     * The stack on {@code brokers} KRaft nodes: with more than one, a {@link KafkaCluster} of child
     * JVMs on loopback (the launcher of {@code liaison demo --brokers N}) and topics replicated on up to three.
     */
    static ReliabilityStack start(int brokers) {
        if (brokers > 1) {
            return startOn(home -> ClusterLayout.loopback(home.kafkaCluster(), home.pki(), home.secrets(), brokers, 0));
        }
        Path home = newHome();
        // Fixed ports: a restarted broker or registry must come back where every client looks for it.
        EmbeddedBackbone.Ports ports = new EmbeddedBackbone.Ports(
                EmbeddedKafkaBroker.freePort(), EmbeddedKafkaBroker.freePort(), EmbeddedKafkaBroker.freePort());
        return new ReliabilityStack(home, EmbeddedBackbone.start(new LiaisonHome(home), ports, POLICY, quiet()));
    }

    /**
     * The stack on the cluster {@code layout} lays out in a fresh home: written where the embedded
     * backbone looks for it, so it starts those nodes (their addresses and launchers) with their
     * ports fixed for restarts.
     */
    static ReliabilityStack startOn(Function<LiaisonHome, ClusterLayout> layout) {
        Path home = newHome();
        ClusterLayout cluster = layout.apply(new LiaisonHome(home));
        cluster.write();
        EmbeddedBackbone.Ports ports = new EmbeddedBackbone.Ports(0, 0, EmbeddedKafkaBroker.freePort());
        return new ReliabilityStack(
                home,
                EmbeddedBackbone.start(
                        new LiaisonHome(home), ports, cluster.nodes().size(), POLICY, quiet()));
    }

    private static Path newHome() {
        try {
            return Files.createTempDirectory("liaison-faults-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the reliability home", e);
        }
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter(), true);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String registryUrl() {
        return registry.url().toString();
    }

    Path home() {
        return home;
    }

    PkiDirectory pki() {
        return stack.pki();
    }

    Policy policy() {
        return stack.policy();
    }

    ApicurioRegistry registry() {
        return registry;
    }

    /** The nodes, for the cluster scenarios; the single broker has {@link #restartBroker}. */
    KafkaCluster cluster() {
        if (broker instanceof KafkaCluster cluster) {
            return cluster;
        }
        throw new IllegalStateException("this stack runs a single broker, not a cluster");
    }

    SigningIdentity identity(String agency) {
        return pki().signingIdentity(agency, KeyRole.AGENCY_SIGNING, Optional.empty());
    }

    /** {@code agency}'s own decryption keys. */
    DecryptionKeys decryptionKeys(String agency) {
        return stack.decryptionKeys(agency);
    }

    /** The stack's trust store: signing keys, and the encryption keys gateways seal to. */
    TrustStore trust() {
        return stack.trust();
    }

    /** Bootstrap servers and the SCRAM login of {@code user} (an agency or a service principal). */
    Map<String, Object> clientProperties(String user) {
        return stack.clientProperties(user);
    }

    /** Bootstrap servers and the admin's login: sees every topic, which is what the checks need. */
    Map<String, Object> adminProperties() {
        return broker.adminClientProperties();
    }

    /** {@code user}'s login alone, as overrides for clients that set their own bootstrap servers. */
    Map<String, String> loginOf(String user) {
        Map<String, String> login = new HashMap<>();
        clientProperties(user).forEach((k, v) -> login.put(k, String.valueOf(v)));
        login.remove("bootstrap.servers");
        return login;
    }

    /** A new gateway with its own (cold) registry cache; closed with the stack. */
    synchronized AgencyGateway gateway(String agency, Duration deliveryTimeout) {
        AgencyGateway gateway = AgencyGateway.connect(
                AgencyGatewayConfig.defaults(agency, bootstrapServers(), registryUrl())
                        .withDeliveryTimeout(deliveryTimeout)
                        .withKafkaOverrides(loginOf(agency)),
                identity(agency),
                trust());
        opened.add(gateway);
        return gateway;
    }

    /** A codec with its own cache that registers what it encodes (for hand-made ingress records). */
    AvroCodec codec() {
        return new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(registryUrl())), true);
    }

    Admin admin() {
        return Admin.create(adminProperties());
    }

    /** The end offset of every ingress partition: what has been written to the backbone's inputs. */
    Map<TopicPartition, Long> ingressEndOffsets() {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String agency : policy().agencies()) {
                String topic = Topics.ingress(agency);
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading ingress offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read ingress offsets: " + e.getMessage(), e);
        }
    }

    /** Stops the broker cleanly and starts it again on the same data directory and ports. */
    synchronized void restartBroker() {
        if (!(broker instanceof EmbeddedKafkaBroker single)) {
            throw new IllegalStateException("a cluster restarts node by node: cluster().stop(id), start(id)");
        }
        single.close();
        broker = EmbeddedKafkaBroker.start(single.config());
    }

    synchronized void stopRegistry() {
        registry.close();
    }

    /** Starts the registry again on the same database and port: same schemas, same ids. */
    synchronized void startRegistry() {
        registry = ApicurioRegistry.start(registryConfig);
    }

    /** Stops the in-process backbone instance (it leaves the group: its partitions wait for another). */
    synchronized void stopInProcessBackbone() {
        if (replacementNode != null) {
            replacementNode.close();
            replacementNode = null;
        } else {
            stack.backbone().close();
        }
        inProcessStopped = true;
    }

    /**
     * Starts a fresh in-process backbone instance, after {@link #stopInProcessBackbone}, with its own
     * state directory and an empty registry cache, so it needs the registry for the first record it
     * reads. Does not wait for it to be RUNNING.
     */
    synchronized void startInProcessBackbone(String component) {
        startInProcessBackbone(component, Map.of());
    }

    /** As {@link #startInProcessBackbone(String)}, with extra Kafka Streams settings. */
    synchronized void startInProcessBackbone(String component, Map<String, String> streamsOverrides) {
        if (!inProcessStopped) {
            throw new IllegalStateException("the in-process backbone is running; stop it first");
        }
        replacementNode = BackboneNode.start(
                // internal topics replicated as the broker's default: once on one broker, three times on a cluster
                new StreamsAppConfig(
                                AclPlan.DEFAULT_STREAMS_APPLICATION_ID,
                                bootstrapServers(),
                                home.resolve("streams-" + UUID.randomUUID()),
                                1,
                                (short) -1,
                                Map.of())
                        .withOverrides(streamsOverrides),
                BackboneSettings.defaults(component),
                new ConfluentRegistryClient(RegistryClientConfig.of(registryUrl())),
                pki(),
                policy(),
                loginOf(Principals.STREAMS),
                new PseudonymSettings(new LiaisonHome(home).pseudonymSecret(), Redactor.DEFAULT_PSEUDONYM_PERIOD),
                null);
        inProcessStopped = false;
    }

    /** Whether the in-process backbone is RUNNING (with its partitions assigned). */
    synchronized boolean inProcessBackboneRunning() {
        if (inProcessStopped) {
            return false;
        }
        return replacementNode != null
                ? replacementNode.service().isRunning()
                : stack.backbone().isRunning();
    }

    @Override
    public synchronized void close() {
        opened.forEach(ReliabilityStack::closeQuietly);
        closeQuietly(replacementNode);
        closeQuietly(stack); // closes its backbone node while the (current) broker is still up
        closeQuietly(registry);
        closeQuietly(broker);
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the temp directory is not worth failing the suite for
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // one failing part must not keep the rest from stopping
        }
    }
}
