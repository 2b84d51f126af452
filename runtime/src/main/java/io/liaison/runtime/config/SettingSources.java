package io.liaison.runtime.config;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.runtime.StartupRefusedException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a command finds the settings of {@link LiaisonSettings}, in order: its own option, the
 * environment, the {@code --config} file (for a command that takes one), {@code connection.properties}
 * in the Liaison home (only for a setting that {@linkplain Setting#connectionFile() falls back to it}),
 * the default. Every value is parsed and validated as it is looked up.
 *
 * @param home        the Liaison home, whose connection file is the last resort
 * @param environment the process's environment (a parameter so that tests need not set variables)
 * @param configFile  the {@code --config} file, if the command was given one
 */
public record SettingSources(LiaisonHome home, Map<String, String> environment, Optional<PropertiesFile> configFile) {
    /** A properties file as read, remembered with its path for messages. */
    public record PropertiesFile(Path path, Map<String, String> properties) {
        public PropertiesFile {
            properties = Map.copyOf(properties);
        }

        /** The file's properties; a missing file has none. */
        static PropertiesFile read(Path path) {
            Properties p = new Properties();
            if (Files.isRegularFile(path)) {
                try (Reader r = Files.newBufferedReader(path)) {
                    p.load(r);
                } catch (IOException e) {
                    throw new StartupRefusedException("cannot read " + path + ": " + e.getMessage(), e);
                }
            }
            Map<String, String> out = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(n -> out.put(n, p.getProperty(n)));
            return new PropertiesFile(path, out);
        }

        Optional<String> get(String key) {
            return Optional.ofNullable(properties.get(key)).filter(v -> !v.isBlank());
        }

        /** The path only: kafka.* values may hold a JAAS config with a password. */
        @Override
        public String toString() {
            return path.toString();
        }
    }

    public SettingSources {
        environment = Map.copyOf(environment);
    }

    /** Without the environment, which may hold anything. */
    @Override
    public String toString() {
        return "SettingSources[home=" + home.root() + ", configFile=" + configFile.map(PropertiesFile::path) + "]";
    }

    /** This process's environment and the home's connection file. */
    public static SettingSources of(LiaisonHome home) {
        return new SettingSources(home, System.getenv(), Optional.empty());
    }

    /** These sources plus a {@code --config} file, which must exist; null adds nothing. */
    public SettingSources withConfigFile(Path file) {
        if (file == null) {
            return this;
        }
        if (!Files.isRegularFile(file)) {
            throw new StartupRefusedException("cannot read --config " + file + ": no such file");
        }
        return new SettingSources(home, environment, Optional.of(PropertiesFile.read(file)));
    }

    /**
     * The setting's value from the first source that has one, else its default, else empty.
     *
     * @param explicit the command's option for it, or null
     */
    public <T> Optional<T> lookup(Setting<T> setting, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(setting.parse(explicit, setting.name() + " (command line)"));
        }
        String env = environment.get(setting.env());
        if (env != null && !env.isBlank()) {
            return Optional.of(setting.parse(env, setting.env()));
        }
        if (setting.key().isPresent()) {
            String key = setting.key().get();
            Optional<PropertiesFile> file = configFile.filter(f -> f.get(key).isPresent());
            if (file.isEmpty() && setting.connectionFile()) {
                file = Optional.of(PropertiesFile.read(home.connectionFile()))
                        .filter(f -> f.get(key).isPresent());
            }
            if (file.isPresent()) {
                return Optional.of(setting.parse(
                        file.get().get(key).orElseThrow(),
                        key + " in " + file.get().path()));
            }
        }
        return setting.defaultValue();
    }

    /** Like {@link #lookup}, refusing to start without a value, with a message that says where to put one. */
    public <T> T require(Setting<T> setting, String explicit) {
        return lookup(setting, explicit).orElseThrow(() -> {
            StringBuilder how = new StringBuilder("no " + setting.name() + ": pass the option, set " + setting.env());
            configFile.ifPresent(f ->
                    how.append(", put ").append(setting.name()).append(" in ").append(f.path()));
            if (setting.connectionFile()) {
                how.append(", or start `liaison demo`, which writes ").append(home.connectionFile());
            }
            return new StartupRefusedException(how.toString());
        });
    }

    /**
     * Kafka client properties passed through: {@code kafka.<name>} keys of the {@code --config} file,
     * then {@code LIAISON_KAFKA_<NAME>} variables (dots as underscores), which win. A declared
     * setting such as {@code kafka.security.protocol} is not passed through: the login owns it. One
     * that would undo TLS ({@link ClientConnection#requireTlsKept}) refuses the start, naming its key or variable.
     */
    public Map<String, String> kafkaOverrides() {
        Map<String, String> out = new LinkedHashMap<>();
        configFile.ifPresent(f -> f.properties().forEach((key, value) -> {
            if (key.startsWith(LiaisonSettings.KAFKA_KEY_PREFIX)
                    && LiaisonSettings.forKey(key).isEmpty()) {
                String name = key.substring(LiaisonSettings.KAFKA_KEY_PREFIX.length());
                out.put(name, requireTlsKept(name, value.trim(), key + " in " + f.path()));
            }
        }));
        environment.forEach((variable, value) -> {
            if (variable.startsWith(LiaisonSettings.KAFKA_ENV_PREFIX)
                    && LiaisonSettings.forVariable(variable).isEmpty()) {
                String name = variable.substring(LiaisonSettings.KAFKA_ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                out.put(name, requireTlsKept(name, value, variable));
            }
        });
        return Map.copyOf(out);
    }

    private static String requireTlsKept(String property, String value, String where) {
        try {
            ClientConnection.requireTlsKept(Map.of(property, value), where + ":");
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(e.getMessage(), e);
        }
        return value;
    }
}
