package io.liaison.cli.policy;

import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code liaison policy check FILE}: validate, print the version or every error. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a policy file.",
            "Prints its version (the SHA-256 of the file's bytes) or every error as file:line: key: message.",
            "Exit code 0 if valid, 1 if not."
        })
final class PolicyCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy YAML file, e.g. config/policy.yaml.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Policy policy = PolicyLoader.load(file);
            out.println(file + ": valid");
            out.println("version    " + policy.version());
            out.println("agencies   " + String.join(", ", policy.agencies()));
            out.println("rules      " + policy.rules().size() + ", profiles "
                    + policy.profiles().size());
            out.println("command    " + policy.command().roles().size() + " roles, "
                    + policy.command().kinds().size() + " directive kinds, every escalation path ends"
                    + " (liaison policy explain --command)");
            out.println("approvals  next version needs " + policy.approvals().required() + " of "
                    + new TreeSet<>(policy.approvals().approvers()));
            return 0;
        } catch (PolicyException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.errors().forEach(err::println);
            err.println(file + ": " + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors")
                    + "; the policy was not loaded");
            return 1;
        }
    }
}
