package io.liaison.cli;

import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers}, declared once for every command that talks to Kafka (a picocli
 * mixin, also inside {@link ClusterOptions}). It falls back as {@link LiaisonSettings#BOOTSTRAP_SERVERS}
 * does: environment, then the demo's {@code connection.properties}.
 */
public final class BootstrapServersOption {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers (default: $LIAISON_BOOTSTRAP_SERVERS, else connection.properties).")
    String value;

    /** The servers, else a refusal that says where to set them. */
    public String require(LiaisonHome home) {
        return SettingSources.of(home).require(LiaisonSettings.BOOTSTRAP_SERVERS, value);
    }

    public Optional<String> lookup(LiaisonHome home) {
        return SettingSources.of(home).lookup(LiaisonSettings.BOOTSTRAP_SERVERS, value);
    }

    /** The option as given, or null: for a command that resolves it from more sources (a --config file). */
    public String given() {
        return value;
    }
}
