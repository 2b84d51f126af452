package io.liaison.cli.policy;

import io.liaison.policy.Policy;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --genesis}: the policy the chain starts at, as the backbones pin it (a picocli mixin). */
final class GenesisOption {
    @Option(
            names = "--genesis",
            paramLabel = "FILE",
            description =
                    "The genesis policy the chain starts at, as the backbones pin it (default: $LIAISON_POLICY, else connection.properties).")
    Path genesis;

    Policy load(LiaisonHome home) {
        return PolicyFiles.load(
                SettingSources.of(home).require(LiaisonSettings.POLICY, genesis == null ? null : genesis.toString()));
    }
}
