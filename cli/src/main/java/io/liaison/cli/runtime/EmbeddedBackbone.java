package io.liaison.cli.runtime;

import io.liaison.consumer.InboxConsumer;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.registry.ApicurioRegistry;
import io.liaison.embedded.registry.ApicurioRegistryConfig;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.pki.CertificateAuthority;
import io.liaison.kernel.pki.CertificateKind;
import io.liaison.kernel.pki.CertificateProfiles;
import io.liaison.kernel.pki.PemFiles;
import io.liaison.kernel.pki.PkiDirectory;
import io.liaison.kernel.pki.Validity;
import io.liaison.kernel.topics.TopicPlan;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.redaction.Redactor;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.GatewayConfig;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.streams.Backbone;
import io.liaison.streams.BackboneService;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import io.liaison.streams.ControlPlane;
import io.liaison.streams.ControlPlanePublisher;
import io.liaison.streams.PartitionCounts;
import io.liaison.streams.PolicyHolder;
import io.liaison.audit.kafka.CheckpointPublisher;
import io.liaison.policy.PolicyProposal;
import io.liaison.streams.TopicProvisioner;
import io.liaison.cli.CliErrors;
import io.liaison.cli.ConnectionSettings;
import io.liaison.cli.LiaisonHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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

    /** The audit log's checkpoint origin line (C2SP tlog-checkpoint): names this log. */
    public static final String CHECKPOINT_ORIGIN = "liaison.embedded/audit";

    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistry registry;
    private final PkiDirectory pki;
    private final TrustStore trust;
    private final PolicyHolder policy;
    private final Path policyFile;
    private final BackboneService backbone;
    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

    private EmbeddedBackbone(EmbeddedKafkaBroker broker, ApicurioRegistry registry, PkiDirectory pki,
                             TrustStore trust, PolicyHolder policy, Path policyFile, BackboneService backbone) {
        this.broker = broker;
        this.registry = registry;
        this.pki = pki;
        this.trust = trust;
        this.policy = policy;
        this.policyFile = policyFile;
        this.backbone = backbone;
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
        TrustStore trust = pki.loadTrustStore(Clock.systemUTC());

        progress.println("  starting Kafka (KRaft, single node) ...");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new BrokerConfig(home.kafka(), ports.kafka(),
                ports.controller(), BrokerConfig.DEFAULT_RETENTION_BYTES, BrokerConfig.DEFAULT_RETENTION_HOURS, Map.of()));
        ApicurioRegistry registry;
        Admin admin = null;
        ControlPlane controlPlane = null;
        CheckpointPublisher checkpoints = null;
        try {
            progress.println("  starting Apicurio Registry ...");
            registry = ApicurioRegistry.start(ApicurioRegistryConfig.defaults(home.registry()).withPort(ports.registry()));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        try {
            registerContracts(registry);
            admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
            TopicProvisioner.ensure(admin, TopicPlan.embedded().topics(policy.agencies()));
            try (ControlPlanePublisher publisher = new ControlPlanePublisher(broker.bootstrapServers(), Map.of())) {
                publisher.publishTrust(pki.trustItems());
                publisher.publishPolicy(new PolicyProposal(policyFile.toString(), policy.source(), List.of()));
            }
            PolicyHolder policies = new PolicyHolder(policy, trust, Clock.systemUTC());
            controlPlane = new ControlPlane(broker.bootstrapServers(), Map.of(), trust, pki.anchor(), policies)
                    .start(Duration.ofSeconds(30));
            SigningIdentity attestationKey = pki.signingIdentity(CertificateProfiles.BACKBONE_OWNER,
                    KeyRole.BACKBONE_ATTESTATION, Optional.empty());
            checkpoints = new CheckpointPublisher(broker.bootstrapServers(), attestationKey, CHECKPOINT_ORIGIN,
                    Duration.ofSeconds(5));
            checkpoints.start();
            AvroCodec codec = new AvroCodec(registry.client(), true);
            Backbone logic = new Backbone(trust, policies, new Redactor(pseudonymSecret(pki)), attestationKey,
                    codec, Clock.systemUTC(), BackboneSettings.defaults("liaison-streams@embedded"), new PartitionCounts(admin));
            progress.println("  starting the Streams backbone (exactly-once v2) ...");
            BackboneService service = BackboneService.start(
                    StreamsAppConfig.embedded(broker.bootstrapServers(), home.streamsState()), logic,
                    BackboneSettings.defaults("liaison-streams@embedded"));
            EmbeddedBackbone stack = new EmbeddedBackbone(broker, registry, pki, trust, policies, policyFile, service);
            stack.opened.add(admin);
            stack.opened.add(controlPlane);
            stack.opened.add(checkpoints);
            awaitRunning(service, Duration.ofSeconds(60));
            stack.connection().write(home.connectionFile());
            return stack;
        } catch (RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {checkpoints, controlPlane, admin}) {
                closeQuietly(c);
            }
            registry.close();
            broker.close();
            throw e;
        }
    }

    private static void awaitRunning(BackboneService service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!service.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Streams backbone did not reach RUNNING within " + timeout
                        + " (state " + service.state() + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the backbone", e);
            }
        }
    }

    /** Creates the CA and every certificate the embedded default needs, once; later starts reuse them. */
    private static void ensurePki(PkiDirectory pki, Policy policy, PrintWriter progress) {
        SecureRandom random = new SecureRandom();
        if (!pki.hasCa()) {
            progress.println("  creating the backbone PKI in " + pki.root() + " ...");
            pki.init(CertificateAuthority.DEFAULT_NAME,
                    Validity.starting(Clock.systemUTC(), Validity.DEFAULT_CA), Optional.empty(), random);
        }
        var ca = pki.authority(Optional.empty(), Clock.systemUTC(), random);
        for (String agency : policy.agencies()) {
            if (!Files.exists(pki.slot(agency, CertificateKind.of(KeyRole.AGENCY_SIGNING)).certificate())) {
                pki.issueSigning(ca, agency, KeyRole.AGENCY_SIGNING,
                        Validity.starting(Clock.systemUTC(), Validity.DEFAULT_LEAF), Optional.empty());
            }
        }
        if (!Files.exists(pki.slot(CertificateProfiles.BACKBONE_OWNER,
                CertificateKind.of(KeyRole.BACKBONE_ATTESTATION)).certificate())) {
            pki.issueSigning(ca, CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION,
                    Validity.starting(Clock.systemUTC(), Validity.DEFAULT_LEAF), Optional.empty());
        }
    }

    /** The backbone's pseudonymisation key: random, created once, 0600, never leaves the backbone. */
    private static byte[] pseudonymSecret(PkiDirectory pki) {
        Path file = pki.root().resolve("backbone").resolve("pseudonym.key");
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                PemFiles.writeSecret(file, secret);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pseudonym key " + file, e);
        }
    }

    /** Registers every contract up front, so ids are fixed before any message is written. */
    private static void registerContracts(ApicurioRegistry registry) {
        LiaisonSchemas.PAYLOAD_SCHEMAS.forEach(s -> registry.client().register(s.getFullName(), s));
    }

    public ConnectionSettings connection() {
        return new ConnectionSettings(broker.bootstrapServers(), registry.url().toString(), pki.root(), policyFile);
    }

    /** The policy in force now (it may change live through the policy topic). */
    public Policy policy() {
        return policy.get();
    }

    public TrustStore trust() {
        return trust;
    }

    public PkiDirectory pki() {
        return pki;
    }

    public BackboneService backbone() {
        return backbone;
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
                GatewayConfig.defaults(agency, broker.bootstrapServers(), registry.url().toString()), identity);
        opened.add(gateway);
        return gateway;
    }

    /** The SDK reading {@code agency}'s inbox; closed with the stack. */
    public InboxConsumer inbox(String agency, String groupSuffix) {
        InboxConsumer consumer = InboxConsumer.connect(agency, broker.bootstrapServers(), registry.url().toString(),
                trust, Map.of("group.id", agency + "." + groupSuffix));
        opened.add(consumer);
        return consumer;
    }

    @Override
    public void close() {
        backbone.close();
        synchronized (opened) {
            opened.forEach(EmbeddedBackbone::closeQuietly);
        }
        registry.close();
        broker.close();
    }

    /** Closing is best effort: one failure must not keep the broker and registry from stopping. */
    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // already stopped or failing; the rest still closes
        }
    }

    /** A codec over this stack's registry that does not register anything. */
    public AvroCodec readOnlyCodec() {
        return new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(registry.url().toString())), false);
    }
}
