package io.liaison.cli;

import io.liaison.pki.PkiDirectory;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.RegistryAccess;
import io.liaison.runtime.config.Setting;
import io.liaison.runtime.config.SettingSources;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the cluster, the registry and the PKI are, for commands that talk to a running backbone (a
 * picocli mixin). Each falls back as {@link SettingSources} describes: environment, then the
 * demo's {@code connection.properties}.
 */
public final class ClusterOptions {
    @Mixin
    BootstrapServersOption bootstrapServers;

    @Option(
            names = "--registry-url",
            paramLabel = "URL",
            description = "Schema registry URL (default: $LIAISON_REGISTRY_URL, else connection.properties).")
    String registryUrl;

    @Option(
            names = "--pki-dir",
            paramLabel = "DIR",
            description =
                    "The backbone PKI directory: keys and certificates (default: $LIAISON_PKI_DIR, else connection.properties).")
    String pkiDir;

    public String bootstrapServers(LiaisonHome home) {
        return bootstrapServers.require(home);
    }

    public String registryUrl(LiaisonHome home) {
        return SettingSources.of(home).require(LiaisonSettings.REGISTRY_URL, registryUrl);
    }

    /** The registry, with the CA and login an https one needs ({@link RegistryAccess}); the trust defaults to this PKI's. */
    public RegistryClientConfig registry(LiaisonHome home) {
        Map<Setting<?>, String> explicit = new HashMap<>();
        explicit.put(LiaisonSettings.PKI_DIR, pkiDir);
        return RegistryAccess.resolve(SettingSources.of(home), registryUrl(home), explicit);
    }

    public PkiDirectory pki(LiaisonHome home) {
        return PkiDirectory.at(SettingSources.of(home).require(LiaisonSettings.PKI_DIR, pkiDir));
    }
}
