package io.liaison.cli.runtime;

import io.liaison.consumer.InboxConsumer;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.kernel.auth.BearerTokens;
import io.liaison.producer.http.IngestServer;
import io.liaison.producer.http.IngestServerConfig;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.registry.ApicurioRegistry;
import io.liaison.embedded.registry.ApicurioRegistryConfig;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.pki.CertificateAuthority;
import io.liaison.kernel.pki.CertificateKind;
import io.liaison.kernel.pki.CertificateProfiles;
import io.liaison.kernel.pki.PkiDirectory;
import io.liaison.kernel.pki.Validity;
import io.liaison.kernel.topics.TopicPlan;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.GatewayConfig;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.streams.BackboneService;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import io.liaison.streams.ControlPlanePublisher;
import io.liaison.policy.PolicyProposal;
import io.liaison.streams.admin.ClusterAdmin;
import io.liaison.kernel.security.CredentialStore;
import io.liaison.kernel.security.Principals;
import io.liaison.kernel.topics.AclPlan;
import io.liaison.kernel.topics.AclRule;
import io.liaison.embedded.kafka.BrokerSecurity;
import java.util.HashMap;
import java.util.SortedSet;
import io.liaison.cli.CliErrors;
import io.liaison.cli.ConnectionSettings;
import io.liaison.cli.KafkaLogin;
import io.liaison.cli.LiaisonHome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole backbone on one machine, for {@code liaison demo}, the benchmark and end-to-end tests:
 * a KRaft broker and Apicurio Registry as child services, a PKI with a certificate per agency in
 * the policy, the topics of the {@link TopicPlan}, and the Streams backbone. Everything lives under
 * the Liaison home and survives a restart.
 */
public final class EmbeddedBackbone implements AutoCloseable {
    /** Ports of the embedded default; fixed so a second terminal finds the stack. 0 picks free ports. */
    public record Ports(int kafka, int controller, int registry) {
        public static final Ports DEFAULT = new Ports(19092, 19093, 18081);
        public static final Ports EPHEMERAL = new Ports(0, 0, 0);
    }

    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistry registry;
    private final PkiDirectory pki;
    private final TrustStore trust;
    private final BackboneNode node;
    private final Path policyFile;
    private final CredentialStore secrets;
    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

    private EmbeddedBackbone(EmbeddedKafkaBroker broker, ApicurioRegistry registry, PkiDirectory pki,
                             TrustStore trust, BackboneNode node, Path policyFile, CredentialStore secrets) {
        this.broker = broker;
        this.registry = registry;
        this.pki = pki;
        this.trust = trust;
        this.node = node;
        this.policyFile = policyFile;
        this.secrets = secrets;
    }

    public static EmbeddedBackbone start(LiaisonHome home, Ports ports, Path policyFile, PrintWriter progress) {
        Policy policy;
        try {
            policy = PolicyLoader.load(policyFile);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy is invalid:\n" + e.getMessage(), e);
        }
        PkiDirectory pki = PkiDirectory.at(home.pki());
        ensurePki(pki, policy, progress);
        TrustStore trust = pki.loadTrustStore(Clock.systemUTC()); // the SDKs' trust; the backbone loads its own

        CredentialStore secrets = CredentialStore.at(home.secrets());
        progress.println("  starting Kafka (KRaft, single node, SASL/SCRAM with ACLs) ...");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new BrokerConfig(home.kafka(), ports.kafka(),
                ports.controller(), BrokerConfig.DEFAULT_RETENTION_BYTES, BrokerConfig.DEFAULT_RETENTION_HOURS, Map.of(),
                BrokerSecurity.scram(secrets.ensure(Principals.ADMIN))));
        ApicurioRegistry registry;
        try {
            progress.println("  starting Apicurio Registry ...");
            registry = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(home.registry()).withPort(ports.registry()));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        try {
            registerContracts(registry);
            secureCluster(broker, secrets, policy);
            try (ControlPlanePublisher publisher = new ControlPlanePublisher(broker.bootstrapServers(),
                    new HashMap<>(broker.adminSecurity().properties()))) {
                publisher.publishTrust(pki.trustItems());
                publisher.publishPolicy(new PolicyProposal(policyFile.toString(), policy.source(), List.of()));
            }
            progress.println("  starting the Streams backbone (exactly-once v2) ...");
            BackboneNode node = BackboneNode.start(StreamsAppConfig.embedded(broker.bootstrapServers(), home.streamsState()),
                    BackboneSettings.defaults("liaison-streams@embedded"), registry.client(), pki, policy,
                    broker.clientSecurity(secrets.require(Principals.STREAMS)).properties(),
                    new BackboneNode.Checkpoints(Duration.ofSeconds(5),
                            broker.clientSecurity(secrets.require(Principals.CHECKPOINTER)).properties()));
            EmbeddedBackbone stack = new EmbeddedBackbone(broker, registry, pki, trust, node, policyFile, secrets);
            node.awaitRunning(Duration.ofSeconds(60));
            stack.connection().write(home.connectionFile(), Map.of(
                    KafkaLogin.PROTOCOL, broker.adminSecurity().protocol().name(),
                    KafkaLogin.SECRETS_DIR, home.secrets().toAbsolutePath().toString()));
            return stack;
        } catch (RuntimeException e) {
            registry.close();
            broker.close();
            throw e;
        }
    }

    /**
     * Creates every principal's SCRAM credentials, the topics of the plan and the ACLs of the policy,
     * idempotently, and waits until the broker enforces the ACLs (they take a moment to propagate).
     */
    private static void secureCluster(EmbeddedKafkaBroker broker, CredentialStore secrets, Policy policy) {
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            ClusterAdmin cluster = new ClusterAdmin(admin, Duration.ofSeconds(30));
            cluster.upsertUsers(Principals.users(policy.agencies()).stream()
                    .filter(user -> !user.equals(Principals.ADMIN)).map(secrets::ensure).toList());
            cluster.applyTopics(cluster.topicDiff(TopicPlan.embedded().topics(policy.agencies())));
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

    /**
     * Creates the CA and every certificate the embedded default needs, once; later starts reuse them,
     * except that a signing key that was revoked or expires within a day is rotated, so the demo keeps
     * working after someone tried `liaison pki revoke` on it.
     */
    private static void ensurePki(PkiDirectory pki, Policy policy, PrintWriter progress) {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        if (!pki.hasCa()) {
            progress.println("  creating the backbone PKI in " + pki.root() + " ...");
            pki.init(CertificateAuthority.DEFAULT_NAME, Validity.starting(clock, Validity.DEFAULT_CA), Optional.empty(), random);
        }
        List<PkiDirectory.CertificateEntry> current = pki.list().stream().filter(PkiDirectory.CertificateEntry::current).toList();
        CertificateAuthority ca = pki.authority(Optional.empty(), clock, random);
        Map<String, KeyRole> needed = new java.util.TreeMap<>();
        policy.agencies().forEach(agency -> needed.put(agency, KeyRole.AGENCY_SIGNING));
        needed.put(CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION);
        needed.forEach((owner, role) -> {
            Optional<PkiDirectory.CertificateEntry> cert = current.stream()
                    .filter(e -> e.owner().equals(owner) && e.kind().equals(Optional.of(CertificateKind.of(role))))
                    .findFirst();
            boolean usable = cert.isPresent() && cert.get().revocation().isEmpty()
                    && cert.get().validity().notAfter().isAfter(clock.instant().plus(Duration.ofDays(1)));
            if (!usable) {
                if (cert.isPresent()) {
                    progress.println("  rotating " + owner + "'s " + CertificateKind.of(role).organizationalUnit()
                            + " key (" + (cert.get().revocation().isPresent() ? "revoked" : "expiring") + ")");
                }
                pki.issueSigning(ca, owner, role, Validity.starting(clock, Validity.DEFAULT_LEAF), Optional.empty());
            }
        });
    }

    /** Registers every contract up front, so ids are fixed before any message is written. */
    private static void registerContracts(ApicurioRegistry registry) {
        LiaisonSchemas.PAYLOAD_SCHEMAS.forEach(s -> registry.client().register(s.getFullName(), s));
    }

    /** Kafka client properties (bootstrap and SCRAM login) for one principal, e.g. an agency or {@code auditor}. */
    public Map<String, Object> clientProperties(String user) {
        Map<String, Object> p = new HashMap<>(broker.clientSecurity(secrets.require(user)).properties());
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    public ConnectionSettings connection() {
        return new ConnectionSettings(broker.bootstrapServers(), registry.url().toString(), pki.root(), policyFile);
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

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public ApicurioRegistry registry() {
        return registry;
    }

    /** A gateway publishing as {@code agency} with its key from the PKI; closed with the stack. */
    public AgencyGateway gateway(String agency) {
        SigningIdentity identity = pki.signingIdentity(agency, KeyRole.AGENCY_SIGNING, Optional.empty());
        AgencyGateway gateway = AgencyGateway.connect(
                GatewayConfig.defaults(agency, broker.bootstrapServers(), registry.url().toString())
                        .withKafkaOverrides(broker.clientSecurity(secrets.require(agency)).properties()), identity);
        opened.add(gateway);
        return gateway;
    }

    /** The SDK reading {@code agency}'s inbox; closed with the stack. */
    public InboxConsumer inbox(String agency, String groupSuffix) {
        Map<String, Object> overrides = clientProperties(agency);
        overrides.put("group.id", AclPlan.groupPrefix(agency) + groupSuffix);
        InboxConsumer consumer = InboxConsumer.connect(agency, broker.bootstrapServers(), registry.url().toString(),
                trust, overrides);
        opened.add(consumer);
        return consumer;
    }

    @Override
    public void close() {
        node.close();
        synchronized (opened) {
            opened.forEach(BackboneNode::closeQuietly);
        }
        registry.close();
        broker.close();
    }

    /**
     * The analysts' HTTP/SSE gateway and console over this stack, logged in to Kafka as the
     * consumer-gateway principal; closed with the stack.
     */
    public ConsumerGatewayServer startConsumerGateway(int port) {
        Map<String, Object> login = new HashMap<>(broker.clientSecurity(secrets.require(Principals.CONSUMER_GATEWAY)).properties());
        ConsumerGatewayServer server = ConsumerGatewayServer.start(
                ConsumerGatewayConfig.defaults(broker.bootstrapServers(), registry.url().toString(), port).withKafkaOverrides(login),
                trust, node::policy, Clock.systemUTC());
        opened.add(server);
        return server;
    }

    /** An agency's HTTP ingest over a gateway of its own; closed with the stack. */
    public IngestServer startIngest(String agency, int port) {
        IngestServer server = IngestServer.start(IngestServerConfig.defaults(port), gateway(agency), trust, Clock.systemUTC());
        opened.add(server);
        return server;
    }

    /** A bearer token for {@code subject} of {@code agency}, signed with the agency's key, for one of the gateways. */
    public String token(String agency, String subject, String audience, Duration lifetime) {
        return BearerTokens.issue(pki.signingIdentity(agency, KeyRole.AGENCY_SIGNING, Optional.empty()), subject, audience,
                lifetime, Clock.systemUTC());
    }

    /** A codec over this stack's registry that does not register anything. */
    public AvroCodec readOnlyCodec() {
        return new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(registry.url().toString())), false);
    }
}
