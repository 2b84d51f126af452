package io.liaison.cli;

import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.pki.PkiDirectory;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.runtime.config.RegistryAccess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the cluster, the registry and the PKI are, for commands that talk to a running backbone (a
 * picocli mixin). Each falls back as {@link ConnectionSettings} describes: environment, then the
 * demo's {@code connection.properties}.
 */
public final class ClusterOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers (default: $LIAISON_BOOTSTRAP_SERVERS, else connection.properties).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Schema registry URL (default: $LIAISON_REGISTRY_URL, else connection.properties).")
    String registryUrl;

    @Option(names = "--pki-dir", paramLabel = "DIR",
            description = "The backbone PKI directory: keys and certificates (default: $LIAISON_PKI_DIR, else connection.properties).")
    String pkiDir;

    public String bootstrapServers(LiaisonHome home) {
        return ConnectionSettings.require(home, ConnectionSettings.BOOTSTRAP, bootstrapServers);
    }

    public String registryUrl(LiaisonHome home) {
        return ConnectionSettings.require(home, ConnectionSettings.REGISTRY, registryUrl);
    }

    /** The registry, with the CA and login an https one needs ({@link RegistryAccess}); the trust defaults to this PKI's. */
    public RegistryClientConfig registry(LiaisonHome home) {
        Map<String, String> explicit = new HashMap<>();
        explicit.put(ConnectionSettings.PKI, pkiDir);
        return RegistryAccess.resolve(home, registryUrl(home), explicit);
    }

    public PkiDirectory pki(LiaisonHome home) {
        return PkiDirectory.at(Path.of(ConnectionSettings.require(home, ConnectionSettings.PKI, pkiDir)));
    }
}
