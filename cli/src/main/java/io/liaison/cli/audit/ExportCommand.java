package io.liaison.cli.audit;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.export.ExportFormat;
import io.liaison.audit.proof.AgencySlice;
import io.liaison.audit.proof.AgencySlices;
import io.liaison.cli.CliErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write the audit records, the checkpoints and the records' writer schemas to a file for offline audit.",
            "Only records covered by the latest verified checkpoint are written, so everything in the file is attested.",
            "With --agency, write only that agency's slice instead: the records it sent or received, "
                    + "each with its inclusion proof against the latest verified checkpoint, for `liaison audit "
                    + "verify --slice FILE`."
        })
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The export file to write (JSON Lines; with --agency, the slice file, JSON).")
    Path out;

    @Option(
            names = "--include-unattested",
            description = "Also write records after the latest checkpoint (verify will count them as unattested).")
    boolean includeUnattested;

    @Option(
            names = "--agency",
            paramLabel = "AGENCY",
            description = {
                "Write only the records AGENCY sent or received, with inclusion proofs (a slice file, "
                        + "JSON). Records naming neither (another agency's quarantine, say) are left out. Also reads "
                        + "an --export file."
            })
    String agency;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (agency != null) {
            return slice(stdout);
        }
        if (source.offline()) {
            throw new CliErrors.UserError("export reads the live log: drop --export (an export is copied with cp)");
        }
        AuditExport log = source.load(spec.commandLine().getErr()).log();
        LogVerifier verifier = new LogVerifier(log.checkpoints(), trust.checkpointVerifier(), log.writerSchemas());
        log.records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();
        if (!result.ok()) {
            throw new CliErrors.UserError("the live log does not verify, refusing to export it as attested: "
                    + result.firstProblem().orElseThrow().detail() + " (use `liaison audit verify` for details)");
        }
        long attested = result.latest().map(Checkpoint::size).orElse(0L);
        List<AuditEntry> records =
                includeUnattested ? log.records() : log.records().subList(0, (int) attested);
        AuditExport export = new AuditExport(log.exportedAt(), log.writerSchemas(), log.checkpoints(), records);
        try {
            Files.write(out, ExportFormat.write(export));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + out + ": " + e.getMessage(), e);
        }
        stdout.printf(
                "wrote %s: %d records, %d checkpoints, %d writer schemas%n",
                out,
                records.size(),
                export.checkpoints().size(),
                export.writerSchemas().size());
        result.latest()
                .ifPresent(c -> stdout.printf(
                        "attested by checkpoint %s size %d root %s%n", c.origin(), c.size(), c.rootHex()));
        if (export.writerSchemas().isEmpty()) {
            stdout.println("no registry reachable: records will decode with the compiled-in AuditRecord schema");
        }
        return 0;
    }

    /** A slice is cut from a verified log, live or exported: a slice of an export is not a copy of it. */
    private int slice(PrintWriter stdout) {
        if (includeUnattested) {
            throw new CliErrors.UserError("--agency writes only attested records: drop --include-unattested");
        }
        AuditExport log = source.loadIntact(spec.commandLine().getErr());
        CheckpointVerifier checkpoints = trust.checkpointVerifier();
        LogVerifier verifier = new LogVerifier(log.checkpoints(), checkpoints, log.writerSchemas());
        log.records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();
        if (!result.ok()) {
            throw new CliErrors.UserError("the log does not verify, refusing to export a slice of it: "
                    + result.firstProblem().orElseThrow().detail() + " (use `liaison audit verify` for details)");
        }
        Checkpoint latest = result.latest()
                .orElseThrow(() -> new CliErrors.UserError("no verified checkpoint to prove a slice against yet"));
        AgencySlice slice = AgencySlices.build(
                agency,
                log.records(),
                log.writerSchemas(),
                latest,
                ProveCommand.publishedNoteOf(log, latest, checkpoints));
        if (slice.entries().isEmpty()) {
            throw new CliErrors.UserError("no audit record concerns agency " + agency + " in the first " + latest.size()
                    + " records (those the latest checkpoint covers)");
        }
        try {
            Files.write(out, AgencySlices.toJson(slice));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + out + ": " + e.getMessage(), e);
        }
        stdout.printf(
                "wrote %s: %d of %d audit records concern agency %s, proven against checkpoint %s size %d root %s%n",
                out, slice.entries().size(), latest.size(), agency, latest.origin(), latest.size(), latest.rootHex());
        return 0;
    }
}
