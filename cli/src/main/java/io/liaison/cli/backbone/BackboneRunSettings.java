package io.liaison.cli.backbone;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ConnectionSettings;
import io.liaison.cli.LiaisonHome;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every setting of {@code liaison backbone run}, declared once: key, environment variable, default
 * and meaning. Each value comes from the command line, else the environment, else the
 * {@code --config} properties file, else (for connection keys) the demo's connection file, else
 * the default. Values are validated at start-up with a message that names the key and where the
 * bad value came from. Keys starting with {@code kafka.} in the config file, and environment
 * variables {@code LIAISON_KAFKA_<NAME>} (dots as underscores), are passed to every Kafka client
 * (e.g. {@code kafka.security.protocol=SASL_PLAINTEXT}).
 */
public final class BackboneRunSettings {
    /** A setting: its key in files, its environment variable, its default (null: required) and its doc. */
    public enum Key {
        BOOTSTRAP(ConnectionSettings.BOOTSTRAP, "LIAISON_BOOTSTRAP_SERVERS", null, "Kafka bootstrap servers"),
        REGISTRY(ConnectionSettings.REGISTRY, "LIAISON_REGISTRY_URL", null, "Confluent-API schema registry URL"),
        PKI(ConnectionSettings.PKI, "LIAISON_PKI_DIR", null, "PKI directory: CA certificate, backbone attestation key, pseudonym key"),
        POLICY(ConnectionSettings.POLICY, "LIAISON_POLICY", null, "genesis policy file; later versions arrive approved on the policy topic"),
        APPLICATION_ID("streams.application.id", "LIAISON_STREAMS_APPLICATION_ID", "liaison-backbone",
                "Kafka Streams application id; instances with the same id share the partitions"),
        THREADS("streams.threads", "LIAISON_STREAMS_THREADS", "1", "stream threads in this instance"),
        STATE_DIR("streams.state.dir", "LIAISON_STREAMS_STATE_DIR", null, "local state directory (default: $LIAISON_HOME/streams)"),
        REPLICATION("streams.replication.factor", "LIAISON_STREAMS_REPLICATION_FACTOR", "-1",
                "replication of internal topics; -1 takes the broker's default"),
        REPLAY_WINDOW("replay.window", "LIAISON_REPLAY_WINDOW", "P7D", "a message id seen again within this window is a replay"),
        CLOCK_SKEW("clock.skew", "LIAISON_CLOCK_SKEW", "PT5M", "largest accepted difference between created-at and the backbone clock"),
        CHECKPOINTS("checkpoint.interval", "LIAISON_CHECKPOINT_INTERVAL", "PT10S",
                "how often this instance publishes signed audit checkpoints; 'off' for instances that do not"),
        COMPONENT("component", "LIAISON_COMPONENT", null, "this instance's name in audit records (default liaison-streams@<host>)");

        final String key;
        final String env;
        final String defaultValue;
        final String doc;

        Key(String key, String env, String defaultValue, String doc) {
            this.key = key;
            this.env = env;
            this.defaultValue = defaultValue;
            this.doc = doc;
        }

        public String key() {
            return key;
        }

        public String env() {
            return env;
        }

        public String doc() {
            return doc;
        }
    }

    private final Map<Key, String> values = new LinkedHashMap<>();
    private final Map<Key, String> sources = new LinkedHashMap<>();
    private final Map<String, String> kafka = new LinkedHashMap<>();

    private BackboneRunSettings() {}

    public static BackboneRunSettings resolve(LiaisonHome home, Map<Key, String> options, Path configFile) {
        Properties file = new Properties();
        if (configFile != null) {
            try (Reader r = Files.newBufferedReader(configFile)) {
                file.load(r);
            } catch (IOException e) {
                throw new CliErrors.UserError("cannot read --config " + configFile + ": " + e.getMessage(), e);
            }
        }
        BackboneRunSettings s = new BackboneRunSettings();
        for (Key k : Key.values()) {
            String option = options.get(k);
            String env = System.getenv(k.env);
            if (option != null) {
                s.put(k, option, "the command line");
            } else if (env != null && !env.isBlank()) {
                s.put(k, env, "$" + k.env);
            } else if (file.getProperty(k.key) != null) {
                s.put(k, file.getProperty(k.key), configFile + " key " + k.key);
            } else {
                Optional<String> connection = k.ordinal() <= Key.POLICY.ordinal()
                        ? ConnectionSettings.lookup(home, k.key, null) : Optional.empty();
                if (connection.isPresent()) {
                    s.put(k, connection.get(), home.connectionFile().toString());
                } else if (k.defaultValue != null) {
                    s.put(k, k.defaultValue, "the default");
                }
            }
        }
        s.values.putIfAbsent(Key.STATE_DIR, home.streamsState().toString());
        s.values.putIfAbsent(Key.COMPONENT, "liaison-streams@" + hostname());
        file.stringPropertyNames().stream().filter(n -> n.startsWith("kafka."))
                .forEach(n -> s.kafka.put(n.substring("kafka.".length()), file.getProperty(n)));
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("LIAISON_KAFKA_")) {
                s.kafka.put(name.substring("LIAISON_KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        for (Key k : Key.values()) {
            if (!s.values.containsKey(k)) {
                throw new CliErrors.UserError(k.key + " is required (" + k.doc + "): pass the option, set " + k.env
                        + ", put it in --config, or start `liaison demo`");
            }
        }
        return s;
    }

    private void put(Key k, String value, String source) {
        values.put(k, value.trim());
        sources.put(k, source);
    }

    public String text(Key k) {
        return values.get(k);
    }

    public Path path(Key k) {
        return Path.of(values.get(k));
    }

    public int integer(Key k, int min, int max) {
        try {
            int v = Integer.parseInt(values.get(k));
            if (v < min || v > max) {
                throw invalid(k, "must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(k, "must be a whole number");
        }
    }

    /** An ISO-8601 duration such as PT5M; for {@link Key#CHECKPOINTS}, "off" gives empty. */
    public Optional<Duration> duration(Key k) {
        String v = values.get(k);
        if ("off".equalsIgnoreCase(v)) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw invalid(k, "must be positive");
            }
            return Optional.of(d);
        } catch (DateTimeParseException e) {
            throw invalid(k, "must be an ISO-8601 duration such as PT5M or P7D");
        }
    }

    /** Client properties from {@code kafka.*} keys and {@code LIAISON_KAFKA_*} variables. */
    public Map<String, String> kafkaOverrides() {
        return Map.copyOf(kafka);
    }

    private CliErrors.UserError invalid(Key k, String rule) {
        return new CliErrors.UserError(k.key + " " + rule + ", was '" + values.get(k) + "' (from " + sources.get(k) + ")");
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
