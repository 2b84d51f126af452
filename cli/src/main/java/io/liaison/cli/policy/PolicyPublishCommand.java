package io.liaison.cli.policy;

import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.cluster.security.Principals;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.PolicyProposal;
import io.liaison.controlplane.ControlPlanePublisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liaison policy publish}: signs a policy version as one or more approving agencies (with
 * their keys from the PKI directory) and puts it on the policy topic. Running backbones switch to
 * it only if the approvers named by the version in force signed it; otherwise they log the refusal
 * and keep the current version.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Sign a policy version as approving agencies and publish it to the policy topic.")
final class PolicyPublishCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy YAML to publish.")
    Path file;

    @Option(names = "--approve-as", paramLabel = "AGENCY", required = true,
            description = "Approve as this agency, with its signing key from the PKI directory (repeatable).")
    List<String> approvers = new ArrayList<>();

    @picocli.CommandLine.Mixin
    BootstrapServersOption bootstrapServers;

    @picocli.CommandLine.Mixin
    KafkaLoginOptions login;

    @Option(names = "--pki-dir", paramLabel = "DIR", description = "PKI directory holding the approvers' keys.")
    Path pkiDir;

    @Override
    public Integer call() {
        LiaisonHome home = LiaisonHome.resolve();
        Policy candidate;
        try {
            candidate = PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy is invalid, nothing published:\n" + e.getMessage(), e);
        }
        PkiDirectory pki = PkiDirectory.at(SettingSources.of(home).require(LiaisonSettings.PKI_DIR,
                pkiDir == null ? null : pkiDir.toString()));
        List<PolicyApproval> approvals = new ArrayList<>();
        for (String agency : approvers) {
            try {
                approvals.add(PolicyApproval.sign(pki.signingIdentity(agency, KeyRole.AGENCY_SIGNING, Optional.empty()), candidate));
            } catch (PkiException e) {
                throw new CliErrors.UserError("cannot sign as " + agency + ": " + e.getMessage(), e);
            }
        }
        String bootstrap = bootstrapServers.require(home);
        try (ControlPlanePublisher publisher = new ControlPlanePublisher(bootstrap, login.properties(LiaisonHome.resolve(), Principals.ADMIN))) {
            publisher.publishPolicy(new PolicyProposal(file.toString(), candidate.source(), approvals));
        }
        spec.commandLine().getOut().printf("published policy %s approved by %s to %s%n"
                        + "running backbones switch to it only if the approvers of the version in force signed it; their logs say which%n",
                candidate.version(), approvers, bootstrap);
        return 0;
    }
}
