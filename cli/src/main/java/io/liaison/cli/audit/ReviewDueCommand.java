package io.liaison.cli.audit;

import io.liaison.audit.export.AuditExport;
import io.liaison.audit.retention.ReviewDue;
import io.liaison.cli.CliErrors;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.schemas.audit.AuditRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liaison audit review-due}: what an agency must review or purge under the policy's retention terms. */
@Command(
        name = "review-due",
        mixinStandardHelpOptions = true,
        description = {
            "List the deliveries to an agency that are due for review or purge under the policy's retention section:",
            "those whose message type's reviewEvery, or inbox term, has passed since delivery. Grouped "
                    + "by message type, with the count of messages, how many are past their retention term, and "
                    + "the oldest delivery.",
            "A message purged with `liaison expunge` (an EXPUNGED record) is no longer due.",
            "Exit 0 whether or not anything is due; 1 for an unknown agency or an unreadable log."
        })
final class ReviewDueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Option(names = "--agency", required = true, paramLabel = "AGENCY", description = "The recipient agency.")
    String agency;

    @Option(
            names = "--as-of",
            paramLabel = "INSTANT",
            description = "The instant to judge at, e.g. 2026-01-01T00:00:00Z (default: now).")
    Instant asOf;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "The policy in force, whose retention section is applied "
                    + "(default: $LIAISON_POLICY, else connection.properties).")
    String policyFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Policy policy = policy();
        if (policy.agency(agency).isEmpty()) {
            throw new CliErrors.UserError(
                    "unknown agency '" + agency + "'; the policy's agencies are " + policy.agencies());
        }
        Instant at = asOf == null ? Instant.now() : asOf;
        AuditExport log = source.loadIntact(spec.commandLine().getErr());
        List<AuditRecord> records = log.records().stream()
                .map(e -> LogSource.decode(e, log.writerSchemas()))
                .toList();
        List<ReviewDue.TypeDue> due = ReviewDue.compute(policy, agency, records, at);
        out.println("review due for " + agency + " as of " + at + " under policy " + policy.name() + " "
                + policy.version());
        if (policy.retention().get(agency) == null) {
            out.println("the policy declares no retention for " + agency + ": nothing is ever due");
            return 0;
        }
        if (due.isEmpty()) {
            out.println("nothing is due");
            return 0;
        }
        out.printf("%-18s  %8s  %14s  %-20s  %s%n", "message type", "due", "past retention", "oldest delivery", "term");
        for (ReviewDue.TypeDue row : due) {
            out.printf(
                    "%-18s  %8d  %14d  %-20s  %s%n",
                    row.messageType(),
                    row.due(),
                    row.pastRetention(),
                    row.oldest().truncatedTo(ChronoUnit.SECONDS),
                    row.term());
        }
        return 0;
    }

    private Policy policy() {
        Path file = SettingSources.of(LiaisonHome.resolve()).require(LiaisonSettings.POLICY, policyFile);
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy " + file + " is invalid:\n" + e.getMessage(), e);
        }
    }
}
