package io.liaison.runtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * How commands reach a running backbone, as {@code liaison demo} writes it to
 * {@code connection.properties} in the Liaison home. Commands read it back through
 * {@link SettingSources}, for the settings that {@linkplain Setting#connectionFile() fall back to it}.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@link LiaisonSettings#BOOTSTRAP_SERVERS})
 * @param registryUrl      schema registry URL ({@link LiaisonSettings#REGISTRY_URL})
 * @param pkiDir           PKI directory ({@link LiaisonSettings#PKI_DIR})
 * @param policyFile       the policy in force ({@link LiaisonSettings#POLICY})
 */
public record ConnectionSettings(String bootstrapServers, String registryUrl, Path pkiDir, Path policyFile) {
    /** Writes the settings, plus {@code extra} ones such as how to log in ({@link KafkaLogin}). */
    public void write(Path file, Map<Setting<?>, String> extra) {
        Properties p = new Properties();
        extra.forEach((setting, value) -> p.setProperty(fileKey(setting), value));
        p.setProperty(fileKey(LiaisonSettings.BOOTSTRAP_SERVERS), bootstrapServers);
        p.setProperty(fileKey(LiaisonSettings.REGISTRY_URL), registryUrl);
        p.setProperty(fileKey(LiaisonSettings.PKI_DIR), pkiDir.toAbsolutePath().toString());
        p.setProperty(
                fileKey(LiaisonSettings.POLICY), policyFile.toAbsolutePath().toString());
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Written by `liaison demo`: how other liaison commands reach the embedded stack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A setting's key here; one that does not fall back to the file would be written for nobody. */
    private static String fileKey(Setting<?> setting) {
        if (!setting.connectionFile()) {
            throw new IllegalArgumentException(setting.name() + " is not read from the connection file");
        }
        return setting.key().orElseThrow();
    }
}
