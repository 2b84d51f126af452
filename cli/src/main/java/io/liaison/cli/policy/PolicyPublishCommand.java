package io.liaison.cli.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.security.Principals;
import io.liaison.controlplane.ControlPlanePublisher;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.PolicyProposal;
import io.liaison.runtime.config.LiaisonHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liaison policy publish}: puts a policy version on the policy topic with the detached
 * approvals its approvers made ({@code policy approve}). It signs nothing itself. Running backbones
 * switch to the version only if it is the next in the chain after the version in force and enough
 * of that version's approvers signed it; otherwise they log the refusal and keep the current one.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish a policy version to the policy topic with the approvals collected from its approvers.",
            "Each --approval file is one agency's `liaison policy approve` of exactly this file at one place in the chain; "
                    + "this command signs nothing.",
            "Backbones switch to it only if it follows the version in force and that version's quorum signed it; "
                    + "their logs say which."
        })
final class PolicyPublishCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "The policy YAML to publish, byte for byte as approved.")
    Path file;

    @Option(
            names = "--approval",
            paramLabel = "APPROVAL",
            required = true,
            description = "An approval file written by `liaison policy approve` (repeat: one per approving agency).")
    List<Path> approvalFiles = new ArrayList<>();

    @CommandLine.Mixin
    BootstrapServersOption bootstrapServers;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    @Override
    public Integer call() {
        LiaisonHome home = LiaisonHome.resolve();
        Policy candidate = PolicyFiles.load(file);
        List<PolicyApproval> approvals = new ArrayList<>();
        for (Path f : approvalFiles) {
            PolicyApproval a = read(f);
            if (!a.link().version().equals(candidate.version())) {
                throw new CliErrors.UserError(f + " approves " + a.link().version() + ", not " + file + " ("
                        + candidate.version() + "); nothing published");
            }
            if (!approvals.isEmpty() && !a.link().equals(approvals.get(0).link())) {
                throw new CliErrors.UserError(f + " approves " + a.link() + " but " + approvalFiles.get(0)
                        + " approves " + approvals.get(0).link()
                        + "; all approvals must sign the same place in the chain, nothing published");
            }
            approvals.add(a);
        }
        ChainLink link = approvals.get(0).link();
        String bootstrap = bootstrapServers.require(home);
        try (ControlPlanePublisher publisher =
                new ControlPlanePublisher(bootstrap, login.properties(home, Principals.ADMIN))) {
            publisher.publishPolicy(PolicyProposal.of(file.toString(), candidate, link, approvals));
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "published %s as policy %s, approved by %s, to %s%n"
                                + "running backbones switch to it only if it follows the version in force and that version's approvers "
                                + "signed it; their logs say which%n",
                        file,
                        link,
                        new TreeSet<>(
                                approvals.stream().map(PolicyApproval::approver).toList()),
                        bootstrap);
        return 0;
    }

    private static PolicyApproval read(Path f) {
        try {
            return PolicyApproval.fromJson(JSON.readTree(Files.readString(f)));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliErrors.UserError("cannot read the approval " + f + ": " + e.getMessage(), e);
        }
    }
}
