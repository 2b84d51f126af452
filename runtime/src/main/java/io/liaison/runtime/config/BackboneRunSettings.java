package io.liaison.runtime.config;

import static io.liaison.runtime.config.LiaisonSettings.BOOTSTRAP_SERVERS;
import static io.liaison.runtime.config.LiaisonSettings.CHECKPOINT_INTERVAL;
import static io.liaison.runtime.config.LiaisonSettings.CHECKPOINT_STATE_FILE;
import static io.liaison.runtime.config.LiaisonSettings.CHECKPOINT_WITNESSES;
import static io.liaison.runtime.config.LiaisonSettings.CLOCK_SKEW;
import static io.liaison.runtime.config.LiaisonSettings.COMPONENT;
import static io.liaison.runtime.config.LiaisonSettings.KAFKA_SECURITY_PROTOCOL;
import static io.liaison.runtime.config.LiaisonSettings.PKI_DIR;
import static io.liaison.runtime.config.LiaisonSettings.POLICY;
import static io.liaison.runtime.config.LiaisonSettings.PSEUDONYM_PERIOD;
import static io.liaison.runtime.config.LiaisonSettings.PSEUDONYM_SECRET_FILE;
import static io.liaison.runtime.config.LiaisonSettings.REGISTRY_PASSWORD_FILE;
import static io.liaison.runtime.config.LiaisonSettings.REGISTRY_URL;
import static io.liaison.runtime.config.LiaisonSettings.REGISTRY_USER;
import static io.liaison.runtime.config.LiaisonSettings.REPLAY_WINDOW;
import static io.liaison.runtime.config.LiaisonSettings.SCRAM_PASSWORD_FILE;
import static io.liaison.runtime.config.LiaisonSettings.SCRAM_USER;
import static io.liaison.runtime.config.LiaisonSettings.SECRETS_DIR;
import static io.liaison.runtime.config.LiaisonSettings.STREAMS_APPLICATION_ID;
import static io.liaison.runtime.config.LiaisonSettings.STREAMS_REPLICATION_FACTOR;
import static io.liaison.runtime.config.LiaisonSettings.STREAMS_STATE_DIR;
import static io.liaison.runtime.config.LiaisonSettings.STREAMS_THREADS;
import static io.liaison.runtime.config.LiaisonSettings.TLS_TRUSTSTORE;
import static io.liaison.runtime.config.LiaisonSettings.TOPIC_PARTITIONS;

import io.liaison.cluster.security.Principals;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.runtime.StartupRefusedException;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The settings of {@code liaison backbone run}, resolved and validated once at start-up: every
 * value comes from {@link SettingSources} (option, environment, {@code --config} file, connection
 * file, default), so a bad one stops the instance with a message naming its variable or key. Kafka
 * is reached only over TLS ({@link KafkaLogin}), and an https registry is checked against the same
 * CA ({@link RegistryAccess}); a passed-through client property that would undo TLS is refused.
 *
 * @param streams            the Kafka Streams application
 * @param rules              what the backbone enforces on every message
 * @param registry           the schema registry: its URL, and for https the CA and the login ({@link RegistryAccess})
 * @param pkiDir             the backbone PKI directory
 * @param policyFile         the genesis policy
 * @param pseudonyms         the pseudonym master secret and the period its keys rotate
 * @param checkpointInterval how often this instance also checkpoints the audit log; empty: never
 * @param checkpointState    the checkpointer's last signed checkpoint (read only when it checkpoints)
 * @param checkpointWitnesses the witnesses the checkpointer submits each checkpoint to (when it checkpoints)
 * @param clientProperties   the Kafka login of {@value Principals#STREAMS} and the passed-through client properties
 */
public record BackboneRunSettings(
        StreamsAppConfig streams,
        BackboneSettings rules,
        RegistryClientConfig registry,
        Path pkiDir,
        Path policyFile,
        PseudonymSettings pseudonyms,
        Optional<Duration> checkpointInterval,
        Path checkpointState,
        List<URI> checkpointWitnesses,
        Map<String, String> clientProperties) {
    /** What it reads, in the order its {@code --help} lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(
            BOOTSTRAP_SERVERS,
            REGISTRY_URL,
            PKI_DIR,
            POLICY,
            STREAMS_APPLICATION_ID,
            STREAMS_THREADS,
            STREAMS_STATE_DIR,
            STREAMS_REPLICATION_FACTOR,
            REPLAY_WINDOW,
            CLOCK_SKEW,
            TOPIC_PARTITIONS,
            PSEUDONYM_SECRET_FILE,
            PSEUDONYM_PERIOD,
            CHECKPOINT_INTERVAL,
            CHECKPOINT_STATE_FILE,
            CHECKPOINT_WITNESSES,
            LiaisonSettings.MANAGEMENT_LISTEN,
            COMPONENT,
            KAFKA_SECURITY_PROTOCOL,
            TLS_TRUSTSTORE,
            SCRAM_USER,
            SCRAM_PASSWORD_FILE,
            SECRETS_DIR,
            REGISTRY_USER,
            REGISTRY_PASSWORD_FILE);

    public BackboneRunSettings {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(pkiDir, "pkiDir");
        Objects.requireNonNull(policyFile, "policyFile");
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(checkpointState, "checkpointState");
        checkpointWitnesses = List.copyOf(checkpointWitnesses);
        clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * Resolves every setting.
     *
     * @param options the command line's values (values may be null)
     */
    public static BackboneRunSettings resolve(SettingSources sources, Map<Setting<?>, String> options) {
        String bootstrap = sources.require(BOOTSTRAP_SERVERS, options.get(BOOTSTRAP_SERVERS));
        String registryUrl = sources.require(REGISTRY_URL, options.get(REGISTRY_URL));
        Path pkiDir = sources.require(PKI_DIR, options.get(PKI_DIR));
        Path policyFile = sources.require(POLICY, options.get(POLICY));
        StreamsAppConfig streams = new StreamsAppConfig(
                sources.require(STREAMS_APPLICATION_ID, options.get(STREAMS_APPLICATION_ID)),
                bootstrap,
                sources.lookup(STREAMS_STATE_DIR, options.get(STREAMS_STATE_DIR))
                        .orElse(sources.home().streamsState()),
                sources.require(STREAMS_THREADS, options.get(STREAMS_THREADS)),
                sources.require(STREAMS_REPLICATION_FACTOR, options.get(STREAMS_REPLICATION_FACTOR))
                        .shortValue(),
                Map.of());
        Duration replayWindow = sources.require(REPLAY_WINDOW, options.get(REPLAY_WINDOW));
        Duration clockSkew = sources.require(CLOCK_SKEW, options.get(CLOCK_SKEW));
        int partitions = sources.require(TOPIC_PARTITIONS, options.get(TOPIC_PARTITIONS));
        PseudonymSettings pseudonyms = new PseudonymSettings(
                sources.lookup(PSEUDONYM_SECRET_FILE, options.get(PSEUDONYM_SECRET_FILE))
                        .orElse(sources.home().pseudonymSecret()),
                sources.require(PSEUDONYM_PERIOD, options.get(PSEUDONYM_PERIOD)));
        Optional<Duration> checkpoints = sources.require(CHECKPOINT_INTERVAL, options.get(CHECKPOINT_INTERVAL));
        Path checkpointState = sources.lookup(CHECKPOINT_STATE_FILE, options.get(CHECKPOINT_STATE_FILE))
                .orElse(sources.home().checkpointState());
        List<URI> witnesses = sources.lookup(CHECKPOINT_WITNESSES, options.get(CHECKPOINT_WITNESSES))
                .orElse(List.of());
        String component = sources.lookup(COMPONENT, options.get(COMPONENT))
                .orElseGet(() -> Principals.STREAMS + "@" + hostname());
        BackboneSettings rules;
        try {
            rules = new BackboneSettings(
                    replayWindow, clockSkew, BackboneSettings.DEFAULT_MAX_MESSAGE_BYTES, component, partitions);
        } catch (IllegalArgumentException e) {
            // each is valid alone; BackboneSettings checks them together
            throw new StartupRefusedException(
                    "invalid " + CLOCK_SKEW.name() + " / " + REPLAY_WINDOW.name() + ": " + e.getMessage(), e);
        }
        Map<String, String> clients = new HashMap<>(
                KafkaLogin.resolve(sources, Principals.STREAMS, options).properties());
        clients.putAll(sources.kafkaOverrides()); // refuses one that would undo TLS, naming it
        RegistryClientConfig registry = RegistryAccess.resolve(sources, registryUrl, options);
        return new BackboneRunSettings(
                streams,
                rules,
                registry,
                pkiDir,
                policyFile,
                pseudonyms,
                checkpoints,
                checkpointState,
                witnesses,
                clients);
    }

    /** Client property names only: the login's JAAS config and the trust store's password are secrets. */
    @Override
    public String toString() {
        return "BackboneRunSettings[streams=" + streams.applicationId() + "@" + streams.bootstrapServers() + ", rules="
                + rules
                + ", registry=" + registry.baseUrl() + ", pkiDir=" + pkiDir + ", policyFile=" + policyFile
                + ", pseudonyms=" + pseudonyms
                + ", checkpointInterval=" + checkpointInterval + ", checkpointState=" + checkpointState
                + ", clientProperties="
                + new TreeSet<>(clientProperties.keySet()) + "]";
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
