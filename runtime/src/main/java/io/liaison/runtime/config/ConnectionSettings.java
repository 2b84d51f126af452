package io.liaison.runtime.config;

import io.liaison.runtime.StartupRefusedException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How commands reach a running backbone. Resolution order for each key: the command's option, then
 * the environment variable, then {@code connection.properties} in the Liaison home (written by
 * {@code ./liaison demo}), else an error naming all three.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@value #BOOTSTRAP}, env {@code LIAISON_BOOTSTRAP_SERVERS})
 * @param registryUrl      schema registry URL ({@value #REGISTRY}, env {@code LIAISON_REGISTRY_URL})
 * @param pkiDir           PKI directory ({@value #PKI}, env {@code LIAISON_PKI_DIR})
 * @param policyFile       the policy in force ({@value #POLICY}, env {@code LIAISON_POLICY})
 */
public record ConnectionSettings(String bootstrapServers, String registryUrl, Path pkiDir, Path policyFile) {
    public static final String BOOTSTRAP = "bootstrap.servers";
    public static final String REGISTRY = "schema.registry.url";
    public static final String PKI = "pki.dir";
    public static final String POLICY = "policy.file";

    /** Resolves each key; {@code explicit} holds values given on the command line (null when absent). */
    public static ConnectionSettings resolve(LiaisonHome home, Map<String, String> explicit) {
        return new ConnectionSettings(
                require(home, BOOTSTRAP, explicit.get(BOOTSTRAP)),
                require(home, REGISTRY, explicit.get(REGISTRY)),
                Path.of(require(home, PKI, explicit.get(PKI))),
                Path.of(require(home, POLICY, explicit.get(POLICY))));
    }

    /** One key, for commands that need only some: the option's value, else the environment, else the file. */
    public static Optional<String> lookup(LiaisonHome home, String key, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit);
        }
        Optional<String> env = LiaisonEnvironment.forProperty(key).value();
        if (env.isPresent()) {
            return env;
        }
        return Optional.ofNullable(read(home.connectionFile()).getProperty(key)).filter(v -> !v.isBlank());
    }

    /** Like {@link #lookup}, failing with a message that names the option, variable and file to set. */
    public static String require(LiaisonHome home, String key, String explicit) {
        return lookup(home, key, explicit).orElseThrow(() -> new StartupRefusedException("no " + key
                + ": pass the option, set " + LiaisonEnvironment.forProperty(key).variable() + ", or start `liaison demo`, which writes " + home.connectionFile()));
    }

    /** Writes the settings, plus {@code extra} keys such as how to log in ({@link KafkaLogin}). */
    public void write(Path file, Map<String, String> extra) {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty(BOOTSTRAP, bootstrapServers);
        p.setProperty(REGISTRY, registryUrl);
        p.setProperty(PKI, pkiDir.toAbsolutePath().toString());
        p.setProperty(POLICY, policyFile.toAbsolutePath().toString());
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Written by `liaison demo`: how other liaison commands reach the embedded stack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new StartupRefusedException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }
}
