package io.liaison.cli;

import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The operator's policy file, from which an HTTP service follows the policy topic (a picocli mixin
 * of {@code ingest serve} and {@code gateway serve}): a new version applies only when the approvers
 * this one names signed it. Falls back as {@link SettingSources} describes.
 */
public final class PolicyOption {
    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "The policy file the approval chain starts from; later approved versions come from the policy topic "
                            + "(default: $LIAISON_POLICY, else connection.properties).")
    String policyFile;

    public Policy load(LiaisonHome home) {
        Path file = SettingSources.of(home).require(LiaisonSettings.POLICY, policyFile);
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy " + file + " is invalid:\n" + e.getMessage(), e);
        }
    }
}
