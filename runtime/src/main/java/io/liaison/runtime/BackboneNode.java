package io.liaison.runtime;

import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.cluster.security.ClientTrust;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlaneMetrics;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.PemFiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.policy.Policy;
import io.liaison.policy.redaction.Redactor;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.runtime.audit.CheckpointMetrics;
import io.liaison.runtime.audit.CheckpointPublisher;
import io.liaison.runtime.audit.Witnesses;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.PseudonymSettings;
import io.liaison.streams.Backbone;
import io.liaison.streams.BackboneService;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.EdgeSealing;
import io.liaison.streams.PartitionCountChanged;
import io.liaison.streams.StreamsAppConfig;
import io.liaison.web.management.Check;
import io.liaison.web.management.ManagementServer;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * One backbone instance: the control plane (live trust and policy), the Streams backbone, and
 * optionally the audit checkpointer. The embedded default runs one in-process; {@code liaison
 * backbone run} runs one per process, and several processes with the same application id share
 * the partitions.
 */
public final class BackboneNode implements AutoCloseable {
    /** The audit log's checkpoint origin line (C2SP tlog-checkpoint): names this log. */
    public static final String CHECKPOINT_ORIGIN = "liaison.backbone/audit";

    private static final int MIN_PSEUDONYM_SECRET_BYTES = 32;

    /**
     * The audit checkpointer this instance runs, if any.
     *
     * @param interval        longest time between checkpoints while the log grows
     * @param stateFile       its last signed checkpoint, kept across restarts
     * @param clientOverrides its Kafka login (it reads {@code audit} and writes {@code checkpoints})
     * @param witnesses       the witnesses it submits each checkpoint to (none: unwitnessed)
     */
    public record Checkpoints(
            Duration interval, Path stateFile, Map<String, String> clientOverrides, List<URI> witnesses) {
        public Checkpoints {
            witnesses = List.copyOf(witnesses);
        }
    }

    private final List<AutoCloseable> parts;
    private final BackboneService service;
    private final PolicyHolder policy;
    private final ControlPlane controlPlane;
    private final CheckpointPublisher checkpointer;
    private final PrometheusMeterRegistry registry;

    private BackboneNode(
            List<AutoCloseable> parts,
            BackboneService service,
            PolicyHolder policy,
            ControlPlane controlPlane,
            CheckpointPublisher checkpointer,
            PrometheusMeterRegistry registry) {
        this.parts = parts;
        this.service = service;
        this.policy = policy;
        this.controlPlane = controlPlane;
        this.checkpointer = checkpointer;
        this.registry = registry;
    }

    /**
     * Starts an instance against an existing cluster whose topics exist.
     *
     * @param clientOverrides Kafka client properties of the backbone's clients (its login)
     * @param pseudonyms      the pseudonym master secret (it must exist, outside the PKI directory) and its rotation period
     * @param checkpoints     the checkpointer to run here, or null for an instance that does not
     */
    public static BackboneNode start(
            StreamsAppConfig streams,
            BackboneSettings settings,
            SchemaRegistryClient registry,
            PkiDirectory pki,
            Policy genesis,
            Map<String, String> clientOverrides,
            PseudonymSettings pseudonyms,
            Checkpoints checkpoints) {
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            Clock clock = Clock.systemUTC();
            PrometheusMeterRegistry meters = ProcessMetrics.registry("backbone");
            Redactor redactor = new Redactor(pseudonymSecret(pseudonyms.secretFile(), pki), pseudonyms.period(), clock);
            TrustStore trust = pki.loadTrustStore(clock);
            Map<String, Object> clients = new HashMap<>(clientOverrides);
            PolicyHolder policies = new PolicyHolder(genesis, trust);
            ControlPlane controlPlane = new ControlPlane(
                            streams.bootstrapServers(), clients, trust, pki.anchor(), policies)
                    .start(Duration.ofSeconds(30));
            parts.add(controlPlane);
            new ControlPlaneMetrics(controlPlane, clock).bindTo(meters);
            SigningIdentity attestationKey = pki.signingIdentity(
                    CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION, Optional.empty());
            CheckpointPublisher checkpointer = null;
            if (checkpoints != null) {
                checkpointer = new CheckpointPublisher(
                        new CheckpointPublisher.Settings(
                                streams.bootstrapServers(),
                                CHECKPOINT_ORIGIN,
                                CheckpointPublisher.Settings.DEFAULT_EVERY_RECORDS,
                                checkpoints.interval(),
                                properties(checkpoints.clientOverrides()),
                                checkpoints.stateFile()),
                        attestationKey,
                        clock,
                        witnesses(checkpoints.witnesses(), trust, pki));
                new CheckpointMetrics(checkpointer, clock).bindTo(meters);
                checkpointer.start();
                parts.add(checkpointer);
            }
            Map<String, Object> adminProps = new HashMap<>(clients);
            adminProps.put("bootstrap.servers", streams.bootstrapServers());
            Admin admin = Admin.create(adminProps);
            parts.add(admin);
            AvroCodec codec = new AvroCodec(registry, true);
            Backbone logic = new Backbone(trust, policies, redactor, attestationKey, codec, clock, settings);
            EdgeSealing sealing = new EdgeSealing(backboneKeys(pki), trust, codec, clock, settings);
            BackboneService service;
            try {
                service = BackboneService.start(
                        streams.withOverrides(clientOverrides),
                        logic,
                        sealing,
                        settings,
                        admin,
                        controlPlane::health,
                        meters);
            } catch (PartitionCountChanged e) {
                throw new StartupRefusedException(
                        "refusing to start: " + e.getMessage() + " (the pinned count is "
                                + LiaisonSettings.TOPIC_PARTITIONS.name() + ")",
                        e);
            }
            // closed first: stop processing before the admin client and control plane it uses
            parts.add(0, service);
            return new BackboneNode(parts, service, policies, controlPlane, checkpointer, meters);
        } catch (RuntimeException e) {
            parts.forEach(BackboneNode::closeQuietly);
            throw e;
        }
    }

    /**
     * The checkpointer's witnesses, their cosignatures checked against the trust store (WITNESS
     * keys of the PKI); an https witness's certificate must chain to the PKI's CA. Null for none.
     */
    public static Witnesses witnesses(List<URI> urls, TrustStore trust, PkiDirectory pki) {
        if (urls.isEmpty()) {
            return null;
        }
        boolean https = urls.stream().anyMatch(u -> "https".equals(u.getScheme()));
        return new Witnesses(
                urls,
                new CheckpointVerifier(trust),
                https ? Optional.of(ClientTrust.fromPki(pki).sslContext()) : Optional.empty());
    }

    /** The backbone's encryption keys: without them no ingress message opens, so the node does not start. */
    private static DecryptionKeys backboneKeys(PkiDirectory pki) {
        try {
            return pki.decryptionKeys(CertificateProfiles.BACKBONE_OWNER, EncryptionRole.BACKBONE, Optional.empty());
        } catch (PkiException e) {
            throw new StartupRefusedException(
                    "cannot load the backbone's encryption keys (liaison pki issue-backbone " + "--role encryption): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Waits until the Streams application is RUNNING (its tasks assigned). */
    public BackboneNode awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!service.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Streams backbone did not reach RUNNING within " + timeout
                        + " (state " + service.state() + ")");
            }
            pause(Duration.ofMillis(100));
        }
        return this;
    }

    /** Waits a moment while polling a condition at start-up. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the backbone", e);
        }
    }

    public BackboneService service() {
        return service;
    }

    /** The health of the checkpointer this instance runs; empty when it runs none. */
    public Optional<CheckpointPublisher.Health> checkpoints() {
        return Optional.ofNullable(checkpointer).map(CheckpointPublisher::health);
    }

    /** This instance's meters: the backbone's, Kafka Streams' and its clients', the control plane's, the checkpointer's. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Serves this instance's {@code /health}, {@code /ready} and {@code /metrics} on {@code host:port}; closed by the caller. */
    public ManagementServer serveManagement(String host, int port) {
        return ManagementServer.start(host, port, registry, this::liveness, this::readiness);
    }

    /** What {@code /health} reports: the stream threads, and the checkpointer when it runs one. */
    public List<Check> liveness() {
        List<Check> checks = new ArrayList<>();
        checks.add(ProcessChecks.streamsAlive(service.state(), service.refusal()));
        checkpoints().ifPresent(h -> checks.add(ProcessChecks.checkpointerAlive(h)));
        return checks;
    }

    /**
     * What {@code /ready} reports: the stream threads RUNNING, trust and policy current (within the
     * same bound as the HTTP services), and the checkpointer signing when it runs one.
     */
    public List<Check> readiness() {
        List<Check> checks = new ArrayList<>();
        checks.add(ProcessChecks.streamsReady(service.state(), service.refusal()));
        checks.add(ProcessChecks.controlPlane(
                controlPlane.readiness(ConsumerGatewayConfig.DEFAULT_CONTROL_PLANE_MAX_LAG)));
        checkpoints().ifPresent(h -> checks.add(ProcessChecks.checkpointerReady(h)));
        return checks;
    }

    /** The policy in force now (it may change live through the policy topic). */
    public Policy policy() {
        return policy.get();
    }

    @Override
    public void close() {
        parts.forEach(BackboneNode::closeQuietly);
    }

    /**
     * The pseudonym master secret, refused when missing, too short, or inside the PKI directory,
     * which other services mount: whoever holds it can test guesses against every pseudonym.
     */
    static byte[] pseudonymSecret(Path file, PkiDirectory pki) {
        String setting = " (" + LiaisonSettings.PSEUDONYM_SECRET_FILE.name() + ", "
                + LiaisonSettings.PSEUDONYM_SECRET_FILE.env() + ")";
        if (file.toAbsolutePath()
                .normalize()
                .startsWith(pki.root().toAbsolutePath().normalize())) {
            throw new StartupRefusedException(
                    "the pseudonym secret " + file + setting + " is inside the PKI directory " + pki.root()
                            + ", which gateways and other services read: keep it apart, readable by the backbone alone");
        }
        if (!Files.isRegularFile(file)) {
            throw new StartupRefusedException(
                    "no pseudonym secret at " + file + setting + ": create " + MIN_PSEUDONYM_SECRET_BYTES
                            + " random bytes there, readable by the backbone alone (head -c 32 /dev/urandom > " + file
                            + " && chmod 600 "
                            + file + "), the same file for every backbone instance");
        }
        try {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length < MIN_PSEUDONYM_SECRET_BYTES) {
                throw new StartupRefusedException("the pseudonym secret " + file + setting + " has " + secret.length
                        + " bytes; it needs at least " + MIN_PSEUDONYM_SECRET_BYTES);
            }
            return secret;
        } catch (IOException e) {
            throw new StartupRefusedException(
                    "cannot read the pseudonym secret " + file + setting + ": " + e.getMessage(), e);
        }
    }

    /** Creates a random pseudonym master secret at {@code file} (0600) unless one is there; what the embedded default does. */
    public static boolean ensurePseudonymSecret(Path file) {
        if (Files.exists(file)) {
            return false;
        }
        byte[] secret = new byte[MIN_PSEUDONYM_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        PemFiles.writeSecret(file, secret);
        return true;
    }

    private static java.util.Properties properties(Map<String, String> map) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(map);
        return p;
    }

    /** Closing is best effort: one failure must not keep the rest from stopping. */
    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // already stopped or failing; the rest still closes
        }
    }
}
