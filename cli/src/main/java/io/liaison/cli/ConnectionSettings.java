package io.liaison.cli;

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
    private static final Map<String, String> ENV = Map.of(
            BOOTSTRAP, "LIAISON_BOOTSTRAP_SERVERS", REGISTRY, "LIAISON_REGISTRY_URL",
            PKI, "LIAISON_PKI_DIR", POLICY, "LIAISON_POLICY");

    /** Resolves each key; {@code explicit} holds values given on the command line (null when absent). */
    public static ConnectionSettings resolve(LiaisonHome home, Map<String, String> explicit) {
        Properties file = read(home.connectionFile());
        return new ConnectionSettings(
                value(BOOTSTRAP, explicit, file, home),
                value(REGISTRY, explicit, file, home),
                Path.of(value(PKI, explicit, file, home)),
                Path.of(value(POLICY, explicit, file, home)));
    }

    public void write(Path file) {
        Properties p = new Properties();
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

    private static String value(String key, Map<String, String> explicit, Properties file, LiaisonHome home) {
        String v = explicit.get(key);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV.get(key));
        }
        if (v == null || v.isBlank()) {
            v = file.getProperty(key);
        }
        if (v == null || v.isBlank()) {
            throw new CliErrors.UserError("no " + key + ": pass the option, set " + ENV.get(key)
                    + ", or start `liaison demo`, which writes " + home.connectionFile());
        }
        return v;
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new CliErrors.UserError("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    public static Optional<String> env(String key) {
        return Optional.ofNullable(System.getenv(ENV.get(key)));
    }
}
