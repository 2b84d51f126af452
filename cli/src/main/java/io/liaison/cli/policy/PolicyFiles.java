package io.liaison.cli.policy;

import io.liaison.cli.CliErrors;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import java.nio.file.Path;

/** Loading a policy file for a command: every error in one {@link CliErrors.UserError}. */
final class PolicyFiles {
    private PolicyFiles() {}

    static Policy load(Path file) {
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError(file + " is not a valid policy, nothing done:\n" + e.getMessage(), e);
        }
    }
}
