package io.liaison.cli.audit;

import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.report.ReportFiles;
import io.liaison.audit.report.TransparencyReport;
import io.liaison.cli.CliErrors;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.schemas.audit.AuditRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        subcommands = ReportSiteCommand.class,
        description = {
            "Write the public transparency report (HTML with inline SVG charts, CSV, JSON).",
            "Computed from the records the latest verified checkpoint covers. Counts below k are shown as <k.",
            "Rows are named only as the policy declares them; any other value is counted as 'other'."
        })
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @Mixin
    TimeWindow window;

    // not required = true: picocli would then demand it of `report site` as well
    @Option(names = "--out", paramLabel = "DIR", description = "Directory to write the report files into (required).")
    Path out;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "The policy in force: only the agencies, purposes and message types it declares are named in the report "
                            + "(default: $LIAISON_POLICY, else connection.properties).")
    String policyFile;

    @Option(
            names = "--k",
            paramLabel = "K",
            defaultValue = "" + TransparencyReport.DEFAULT_K,
            description = "Suppression threshold: counts from 1 to K-1 are shown as <K (default: ${DEFAULT-VALUE}).")
    int k;

    @Override
    public Integer call() {
        if (out == null) {
            throw new CliErrors.UserError("--out DIR is required: the directory to write the report files into");
        }
        Computed computed = compute(
                source,
                trust,
                policy(policyFile),
                window.fromInstant(),
                window.toInstant(),
                k,
                spec.commandLine().getErr());
        TransparencyReport report = computed.report();
        Policy policy = computed.policy();
        Checkpoint checkpoint = report.checkpoint();
        try {
            for (Path file : ReportFiles.write(report, out)) {
                spec.commandLine().getOut().println("wrote " + file);
            }
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write the report to " + out + ": " + e.getMessage(), e);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "%d decisions, from checkpoint %s size %d root %s, rows named by policy %s %s%n",
                        report.total(),
                        checkpoint.origin(),
                        checkpoint.size(),
                        checkpoint.rootHex(),
                        policy.name(),
                        policy.version());
        return 0;
    }

    /** A report, the policy that named its rows and the signed note of the checkpoint it counts. */
    record Computed(TransparencyReport report, Policy policy, PublishedCheckpoint note) {}

    /** Verifies the log and counts the records its latest verified checkpoint covers. */
    static Computed compute(
            LogSource source, Trust trust, Policy policy, Instant from, Instant to, int k, PrintWriter err) {
        if (k < 1) {
            throw new CliErrors.UserError("--k must be at least 1, was " + k);
        }
        AuditExport log = source.loadIntact(err);
        LogVerifier verifier = new LogVerifier(log.checkpoints(), trust.checkpointVerifier(), log.writerSchemas());
        log.records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();
        if (!result.ok()) {
            throw new CliErrors.UserError("the log does not verify; a report from it would not be reproducible: "
                    + result.firstProblem().orElseThrow().detail());
        }
        Checkpoint checkpoint =
                result.latest().orElseThrow(() -> new CliErrors.UserError("no verified checkpoint to report from yet"));
        List<AuditRecord> records = log.records().subList(0, (int) checkpoint.size()).stream()
                .map(e -> LogSource.decode(e, log.writerSchemas()))
                .toList();
        TransparencyReport report = TransparencyReport.compute(checkpoint, records, policy, from, to, k);
        return new Computed(report, policy, ProveCommand.publishedNoteOf(log, checkpoint, trust.checkpointVerifier()));
    }

    static Policy policy(String policyFile) {
        Path file = SettingSources.of(LiaisonHome.resolve()).require(LiaisonSettings.POLICY, policyFile);
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy " + file + " is invalid:\n" + e.getMessage(), e);
        }
    }
}
