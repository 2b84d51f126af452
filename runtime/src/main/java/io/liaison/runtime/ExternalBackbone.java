package io.liaison.runtime;

import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.AclPlan;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.PolicyProposal;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.producer.http.IngestServer;
import io.liaison.producer.http.IngestServerConfig;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.Compatibility;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PseudonymSettings;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.PinnedContracts;
import io.liaison.streams.BackboneService;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import io.liaison.web.auth.BearerTokens;
import io.liaison.witness.WitnessConfig;
import io.liaison.witness.WitnessServer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;

/**
 * The backbone on a Kafka cluster and schema registry that already exist: a PKI with a certificate
 * per agency in the policy (under the Liaison home), the topics of a {@link TopicPlan}, trust and
 * policy published on the control plane, and one Streams backbone instance with the audit
 * checkpointer, which submits every checkpoint to the oversight board's witness, run here too (on
 * loopback, its own key {@code witnesses/oversight/} and state {@code witness/} under the home). Users and ACLs are the cluster operator's ({@code liaison admin apply}); an
 * unsecured cluster needs none. the demo's {@code EmbeddedBackbone} runs this same core over the broker and
 * registry it starts.
 */
public final class ExternalBackbone implements BackboneStack, AutoCloseable {
    /**
     * The rule on every payload subject: a new version must read the data of every earlier one
     * (consumers upgraded first read everything still in the inboxes), not only the latest.
     */
    public static final Compatibility PAYLOAD_COMPATIBILITY = Compatibility.BACKWARD_TRANSITIVE;
    /**
     * The cluster the backbone runs on and how each principal logs in to it.
     *
     * @param bootstrapServers the cluster's bootstrap servers
     * @param registryUrl      a Confluent-compatible schema registry (Confluent's, or Apicurio's ccompat API)
     * @param topics           partitions, replication and retention of the topics created when missing
     * @param logins           the login of each Kafka user ({@link Principals}), e.g. plaintext or SCRAM
     */
    public record Cluster(
            String bootstrapServers, String registryUrl, TopicPlan topics, Function<String, ClientConnection> logins) {
        public Cluster {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must be set");
            }
            if (registryUrl == null || registryUrl.isBlank()) {
                throw new IllegalArgumentException("registryUrl must be set");
            }
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(logins, "logins");
        }

        /** Client properties of {@code user}'s login, without the bootstrap servers. */
        Map<String, String> login(String user) {
            return Objects.requireNonNull(logins.apply(user), () -> "no login for Kafka user " + user)
                    .properties();
        }
    }

    private final Cluster cluster;
    private final PkiDirectory pki;
    private final TrustStore trust;
    private final BackboneNode node;
    private final WitnessServer witness;
    private final Path policyFile;
    private final Policy genesis;
    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

    private ExternalBackbone(
            Cluster cluster,
            PkiDirectory pki,
            TrustStore trust,
            BackboneNode node,
            WitnessServer witness,
            Path policyFile,
            Policy genesis) {
        this.cluster = cluster;
        this.pki = pki;
        this.trust = trust;
        this.node = node;
        this.witness = witness;
        this.policyFile = policyFile;
        this.genesis = genesis;
    }

    /**
     * Starts the backbone on {@code cluster}, creating what is missing (PKI, contracts, topics) and
     * reusing what a previous start left under {@code home}.
     *
     * @param component the backbone's name in its audit records, e.g. {@code liaison-streams@site-a}
     */
    public static ExternalBackbone start(
            Cluster cluster, String component, LiaisonHome home, Path policyFile, PrintWriter progress) {
        return start(cluster, component, home, policyFile, loadPolicy(policyFile), 1, progress);
    }

    public static ExternalBackbone start(
            Cluster cluster,
            String component,
            LiaisonHome home,
            Path policyFile,
            Policy policy,
            int streamThreads,
            PrintWriter progress) {
        PkiDirectory pki = PkiDirectory.at(home.pki());
        ensurePki(pki, policy, progress);
        if (BackboneNode.ensurePseudonymSecret(home.pseudonymSecret())) {
            progress.println("  creating the pseudonym master secret " + home.pseudonymSecret() + " ...");
        }
        TrustStore trust = pki.loadTrustStore(Clock.systemUTC()); // the SDKs' trust; the backbone loads its own
        SchemaRegistryClient registry = new ConfluentRegistryClient(RegistryClientConfig.of(cluster.registryUrl()));
        registerContracts(registry);
        createTopics(cluster, policy);
        try (ControlPlanePublisher publisher =
                new ControlPlanePublisher(cluster.bootstrapServers(), new HashMap<>(cluster.login(Principals.ADMIN)))) {
            publisher.publishTrust(pki.trustItems());
            publisher.publishPolicy(PolicyProposal.genesis(policyFile.toString(), policy));
        }
        WitnessServer witness = startWitness(pki, home, progress);
        progress.println("  starting the Streams backbone (exactly-once v2) ...");
        StreamsAppConfig streams = new StreamsAppConfig(
                AclPlan.DEFAULT_STREAMS_APPLICATION_ID,
                cluster.bootstrapServers(),
                home.streamsState(),
                streamThreads,
                cluster.topics().replicationFactor(),
                Map.of());
        BackboneNode node;
        try {
            node = BackboneNode.start(
                    streams,
                    BackboneSettings.defaults(component)
                            .withIngressPartitions(cluster.topics().partitions()),
                    registry,
                    pki,
                    policy,
                    cluster.login(Principals.STREAMS),
                    new PseudonymSettings(home.pseudonymSecret(), Redactor.DEFAULT_PSEUDONYM_PERIOD),
                    new BackboneNode.Checkpoints(
                            Duration.ofSeconds(5),
                            home.checkpointState(),
                            cluster.login(Principals.CHECKPOINTER),
                            List.of(URI.create(witness.baseUrl()))));
        } catch (RuntimeException e) {
            witness.close();
            throw e;
        }
        ExternalBackbone stack = new ExternalBackbone(cluster, pki, trust, node, witness, policyFile, policy);
        try {
            node.awaitRunning(Duration.ofSeconds(60));
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * The oversight board's witness, in-process on loopback (plain HTTP, like the demo's other
     * services): its own key, its own state directory, the backbone's trusted keys from the PKI.
     */
    private static WitnessServer startWitness(PkiDirectory pki, LiaisonHome home, PrintWriter progress) {
        progress.println("  starting the oversight board's witness ...");
        return WitnessServer.start(
                new WitnessConfig("127.0.0.1", 0, Optional.empty(), home.witnessState()),
                pki.signingIdentity(WitnessConfig.DEFAULT_OWNER, KeyRole.WITNESS, Optional.empty()),
                WitnessConfig.DEFAULT_KEY_NAME,
                new CheckpointVerifier(pki.loadTrustStore(Clock.systemUTC())),
                Set.of(BackboneNode.CHECKPOINT_ORIGIN),
                Clock.systemUTC());
    }

    /** The backbone instance: its meters and the checks behind {@code /health} and {@code /ready}. */
    public BackboneNode node() {
        return node;
    }

    /** The witness's base URL, where its {@code /health} shows what it cosigned. */
    public String witnessUrl() {
        return witness.baseUrl();
    }

    public static Policy loadPolicy(Path policyFile) {
        try {
            return PolicyLoader.load(policyFile);
        } catch (PolicyException e) {
            throw new StartupRefusedException("the policy is invalid:\n" + e.getMessage(), e);
        }
    }

    /** Creates the topics of the plan that are missing; existing topics are left as they are. */
    private static void createTopics(Cluster cluster, Policy policy) {
        Map<String, Object> admin = new HashMap<>(cluster.login(Principals.ADMIN));
        admin.put("bootstrap.servers", cluster.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            ClusterAdmin topics = new ClusterAdmin(client, Duration.ofSeconds(30));
            topics.ensureTopics(cluster.topics().topics(policy.agencies()));
        }
    }

    /**
     * Creates the CA and every certificate the backbone needs, once: per agency a signing and an
     * encryption key, the backbone's attestation and encryption keys, the quarantine officer's
     * encryption key. Later starts reuse them, except that a key that was revoked or expires within
     * a day is rotated, so the demo keeps working after someone tried `liaison pki revoke` on it.
     */
    private static void ensurePki(PkiDirectory pki, Policy policy, PrintWriter progress) {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        if (!pki.hasCa()) {
            progress.println("  creating the backbone PKI in " + pki.root() + " ...");
            pki.init(
                    CertificateAuthority.DEFAULT_NAME,
                    Validity.starting(clock, Validity.DEFAULT_CA),
                    Optional.empty(),
                    random);
        }
        List<PkiDirectory.CertificateEntry> current = pki.list().stream()
                .filter(PkiDirectory.CertificateEntry::current)
                .toList();
        CertificateAuthority ca = pki.authority(Optional.empty(), clock, random);
        Map<String, List<CertificateKind>> needed = new TreeMap<>();
        policy.agencies()
                .forEach(agency ->
                        needed.put(agency, List.of(CertificateKind.AGENCY_SIGNING, CertificateKind.AGENCY_ENCRYPTION)));
        needed.put(
                CertificateProfiles.BACKBONE_OWNER,
                List.of(CertificateKind.BACKBONE_ATTESTATION, CertificateKind.BACKBONE_ENCRYPTION));
        needed.put(CertificateProfiles.QUARANTINE_OFFICER_OWNER, List.of(CertificateKind.QUARANTINE_ENCRYPTION));
        // the oversight board may be an agency too: its witness key is one more kind of its own
        needed.merge(WitnessConfig.DEFAULT_OWNER, List.of(CertificateKind.WITNESS), (a, b) -> {
            List<CertificateKind> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        });
        needed.forEach((owner, kinds) -> kinds.forEach(kind -> {
            Optional<PkiDirectory.CertificateEntry> cert = current.stream()
                    .filter(e -> e.owner().equals(owner) && e.kind().equals(Optional.of(kind)))
                    .findFirst();
            boolean usable = cert.isPresent()
                    && cert.get().revocation().isEmpty()
                    && cert.get().validity().notAfter().isAfter(clock.instant().plus(Duration.ofDays(1)));
            if (!usable) {
                if (cert.isPresent()) {
                    progress.println("  rotating " + owner + "'s " + kind.organizationalUnit() + " key ("
                            + (cert.get().revocation().isPresent() ? "revoked" : "expiring") + ")");
                }
                Validity validity = Validity.starting(clock, Validity.DEFAULT_LEAF);
                if (kind.isEncryption()) {
                    pki.issueEncryption(ca, owner, kind.encryptionRole().orElseThrow(), validity, Optional.empty());
                } else {
                    pki.issueSigning(ca, owner, kind.keyRole().orElseThrow(), validity, Optional.empty());
                }
            }
        }));
    }

    /**
     * Registers every approved version of every contract up front, oldest first, so ids are fixed
     * before any message is written, under a rule that makes each new version readable by
     * consumers of every earlier one's data (a version that is not is refused here, naming the
     * subject, before the backbone starts).
     */
    private static void registerContracts(SchemaRegistryClient registry) {
        for (Schema pinned : LiaisonSchemas.PAYLOAD_SCHEMAS) {
            registry.setSubjectCompatibility(pinned.getFullName(), PAYLOAD_COMPATIBILITY);
            PinnedContracts.versions(pinned.getName()).forEach(v -> registry.register(pinned.getFullName(), v));
        }
    }

    @Override
    public Map<String, Object> clientProperties(String user) {
        Map<String, Object> p = new HashMap<>(cluster.login(user));
        p.put("bootstrap.servers", cluster.bootstrapServers());
        return p;
    }

    public ConnectionSettings connection() {
        return new ConnectionSettings(cluster.bootstrapServers(), cluster.registryUrl(), pki.root(), policyFile);
    }

    /** The policy in force now (it may change live through the policy topic). */
    public Policy policy() {
        return node.policy();
    }

    public TrustStore trust() {
        return trust;
    }

    public PkiDirectory pki() {
        return pki;
    }

    public BackboneService backbone() {
        return node.service();
    }

    @Override
    public AgencyGateway gateway(String agency) {
        SigningIdentity identity = pki.signingIdentity(agency, KeyRole.AGENCY_SIGNING, Optional.empty());
        AgencyGateway gateway = AgencyGateway.connect(
                AgencyGatewayConfig.defaults(agency, cluster.bootstrapServers(), cluster.registryUrl())
                        .withKafkaOverrides(cluster.login(agency)),
                identity,
                trust);
        opened.add(gateway);
        return gateway;
    }

    @Override
    public InboxConsumer inbox(String agency, String groupSuffix) {
        Map<String, Object> overrides = clientProperties(agency);
        overrides.put("group.id", AclPlan.groupPrefix(agency) + groupSuffix);
        InboxConsumer consumer = InboxConsumer.connect(
                agency, cluster.bootstrapServers(), cluster.registryUrl(), trust, decryptionKeys(agency), overrides);
        opened.add(consumer);
        return consumer;
    }

    /** {@code agency}'s own decryption keys (current and previous), from its slot in the PKI. */
    public DecryptionKeys decryptionKeys(String agency) {
        return pki.decryptionKeys(agency, EncryptionRole.AGENCY, Optional.empty());
    }

    /**
     * {@code agency}'s analysts' HTTP/SSE gateway and console over this stack, logged in to Kafka as
     * {@code gateway.<agency>}, opening copies with the agency's own key and following the trust and
     * policy topics as that principal; closed with the stack.
     */
    public ConsumerGatewayServer startConsumerGateway(String agency, int port) {
        Map<String, String> login = cluster.login(Principals.gateway(agency));
        ControlPlane controlPlane = ServiceControlPlane.follow(cluster.bootstrapServers(), login, pki, genesis);
        try {
            ConsumerGatewayServer server = ConsumerGatewayServer.start(
                    ConsumerGatewayConfig.defaults(cluster.bootstrapServers(), cluster.registryUrl(), port)
                            .withKafkaOverrides(new HashMap<>(login)),
                    controlPlane,
                    decryptionKeys(agency),
                    Clock.systemUTC());
            opened.add(server);
            opened.add(controlPlane);
            return server;
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
    }

    /**
     * An agency's HTTP ingest over a gateway of its own, following the trust and policy topics as
     * the agency; closed with the stack.
     */
    public IngestServer startIngest(String agency, int port) {
        ControlPlane controlPlane =
                ServiceControlPlane.follow(cluster.bootstrapServers(), cluster.login(agency), pki, genesis);
        try {
            IngestServer server = IngestServer.start(
                    IngestServerConfig.defaults(port), gateway(agency), controlPlane, Clock.systemUTC());
            opened.add(server);
            opened.add(controlPlane);
            return server;
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
    }

    /** A bearer token for {@code subject} of {@code agency}, signed with the agency's key, for one of the gateways. */
    public String token(String agency, String subject, String audience, Duration lifetime) {
        return BearerTokens.issue(
                pki.signingIdentity(agency, KeyRole.AGENCY_SIGNING, Optional.empty()),
                subject,
                audience,
                lifetime,
                Clock.systemUTC());
    }

    @Override
    public AvroCodec readOnlyCodec() {
        return new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(cluster.registryUrl())), false);
    }

    @Override
    public void close() {
        node.close();
        witness.close();
        synchronized (opened) {
            opened.forEach(BackboneNode::closeQuietly);
        }
    }
}
