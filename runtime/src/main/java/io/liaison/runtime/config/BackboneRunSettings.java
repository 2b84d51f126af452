package io.liaison.runtime.config;

import io.liaison.cluster.security.ClientSecurity;
import io.liaison.runtime.StartupRefusedException;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.runtime.config.LiaisonEnvironment;
import io.liaison.runtime.config.LiaisonHome;
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
 * (e.g. {@code kafka.client.dns.lookup=use_all_dns_ips}).
 */
public final class BackboneRunSettings {
    /** A setting: its key in files, its environment variable (which carries the doc) and its default (null: required). */
    public enum Key {
        BOOTSTRAP(LiaisonEnvironment.BOOTSTRAP_SERVERS, null),
        REGISTRY(LiaisonEnvironment.REGISTRY_URL, null),
        PKI(LiaisonEnvironment.PKI_DIR, null),
        POLICY(LiaisonEnvironment.POLICY, null),
        APPLICATION_ID(LiaisonEnvironment.STREAMS_APPLICATION_ID, "liaison-backbone"),
        THREADS(LiaisonEnvironment.STREAMS_THREADS, "1"),
        STATE_DIR(LiaisonEnvironment.STREAMS_STATE_DIR, null),
        REPLICATION(LiaisonEnvironment.STREAMS_REPLICATION_FACTOR, "-1"),
        REPLAY_WINDOW(LiaisonEnvironment.REPLAY_WINDOW, "P7D"),
        CLOCK_SKEW(LiaisonEnvironment.CLOCK_SKEW, "PT5M"),
        CHECKPOINTS(LiaisonEnvironment.CHECKPOINT_INTERVAL, "off"),
        COMPONENT(LiaisonEnvironment.COMPONENT, null);

        final LiaisonEnvironment variable;
        final String key;
        final String env;
        final String defaultValue;
        final String doc;

        Key(LiaisonEnvironment variable, String defaultValue) {
            this.variable = variable;
            this.key = variable.propertyKey().orElseThrow();
            this.env = variable.variable();
            this.defaultValue = defaultValue;
            this.doc = variable.doc();
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
                throw new StartupRefusedException("cannot read --config " + configFile + ": " + e.getMessage(), e);
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
        String prefix = LiaisonEnvironment.KAFKA_PASS_THROUGH;
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                s.kafka.put(name.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        try {
            ClientSecurity.requireTlsKept(s.kafka, "the kafka.* settings and LIAISON_KAFKA_* variables:");
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(e.getMessage(), e);
        }
        for (Key k : Key.values()) {
            if (!s.values.containsKey(k)) {
                throw new StartupRefusedException(k.key + " is required (" + k.doc + "): pass the option, set " + k.env
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

    private StartupRefusedException invalid(Key k, String rule) {
        return new StartupRefusedException(k.key + " " + rule + ", was '" + values.get(k) + "' (from " + sources.get(k) + ")");
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
