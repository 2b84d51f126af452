package io.liaison.cli.audit;

import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.proof.AgencySlice;
import io.liaison.audit.proof.AgencySlices;
import io.liaison.audit.proof.MessageProofs;
import io.liaison.cli.CliErrors;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Recompute the Merkle tree from the records, check every checkpoint's signatures and the "
                    + "consistency between successive checkpoints. Prints the first bad index and exits 1 when "
                    + "anything does not match.",
            "With --trusted-checkpoint the log must also extend a checkpoint you kept: a log deleted "
                    + "and recreated since then carries checkpoints of its own that verify, but not yours.",
            "With --slice, check an agency's slice file offline instead (needs only the backbone certificate)."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @Option(
            names = "--require-witness",
            arity = "0..1",
            paramLabel = "WITNESS",
            description = {
                "Fail unless the latest verified checkpoint carries a cosignature that verifies with a "
                        + "trusted witness key (--witness-cert, or the PKI's witnesses/); with WITNESS, one by that "
                        + "witness: its note key name (e.g. oversight.liaison/witness) or its owner in the PKI (e.g. "
                        + "oversight)."
            })
    String requireWitness;

    @Option(
            names = "--trusted-checkpoint",
            paramLabel = "FILE",
            description = {
                "A signed checkpoint note you kept (as published on the checkpoints topic). Its backbone "
                        + "signature must verify; the log must be for its origin, hold at least its size and have "
                        + "its root at that size."
            })
    Path trustedCheckpoint;

    @Option(
            names = "--slice",
            paramLabel = "FILE",
            description = {
                "An agency's slice file (`liaison audit export --agency`): check the checkpoint's "
                        + "signature, every record's inclusion path against its root, and that every record concerns "
                        + "the agency."
            })
    Path slice;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (slice != null) {
            return verifySlice(out);
        }
        String trustedNote = trustedCheckpoint == null ? null : readNote(trustedCheckpoint);
        LogSource.Loaded loaded = source.load(err);
        LogVerifier verifier = trustedNote == null
                ? new LogVerifier(
                        loaded.log().checkpoints(),
                        trust.checkpointVerifier(),
                        loaded.log().writerSchemas())
                : LogVerifier.pinnedTo(
                        trustedNote,
                        loaded.log().checkpoints(),
                        trust.checkpointVerifier(),
                        loaded.log().writerSchemas());
        loaded.log().records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();

        out.printf(
                "records: %d, checkpoints verified: %d of %d (witnessed: %d)%n",
                result.records(),
                result.checkpointsVerified(),
                loaded.log().checkpoints().size(),
                result.witnessed());
        result.latest()
                .ifPresent(c -> out.printf(
                        "latest verified checkpoint: %s size %d root %s%n", c.origin(), c.size(), c.rootHex()));
        if (result.unattested() > 0) {
            out.printf(
                    "%d records after the latest checkpoint are not yet covered by a signature%n", result.unattested());
        }
        boolean ok = result.ok() && loaded.digestMatches() && result.latest().isPresent();
        if (!loaded.digestMatches()) {
            out.println(
                    "FAILED: the export's sha256 trailer does not match its content (unsigned metadata altered or corrupted)");
        }
        if (result.latest().isEmpty() && result.ok()) {
            out.println("FAILED: no verified checkpoint: nothing in this log is attested");
        }
        result.latestCosignatures()
                .forEach(c -> out.printf(
                        "latest checkpoint cosigned by %s (%s, key %s) at %s%n",
                        c.keyName(), c.witness().owner(), c.witness().keyId(), c.at()));
        if (requireWitness != null && result.latest().isPresent()) {
            boolean witnessed = result.latestCosignatures().stream()
                    .anyMatch(c -> requireWitness.isEmpty()
                            || requireWitness.equals(c.keyName())
                            || requireWitness.equals(c.witness().owner()));
            if (!witnessed) {
                out.println("FAILED: the latest verified checkpoint carries no verified cosignature"
                        + (requireWitness.isEmpty() ? " of a trusted witness" : " of witness " + requireWitness));
                ok = false;
            }
        }
        result.firstProblem().ifPresent(p -> {
            out.println(
                    p.index() == VerificationResult.Problem.CHECKPOINT
                            ? "FAILED: bad checkpoint: " + p.detail()
                            : "FAILED: first bad index " + p.index() + ": " + p.detail());
            if (result.problems().size() > 1) {
                out.printf("(%d further problems)%n", result.problems().size() - 1);
            }
        });
        if (ok) {
            out.println(
                    "OK: every record is covered by the signed checkpoints and every checkpoint is consistent with the last");
            if (trustedNote != null) {
                out.println("OK: the log extends the trusted checkpoint " + trustedCheckpoint);
            }
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private static String readNote(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read --trusted-checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private int verifySlice(PrintWriter out) {
        if (source.offline() || trustedCheckpoint != null || requireWitness != null) {
            throw new CliErrors.UserError(
                    "--slice is checked on its own: drop --export, --trusted-checkpoint and --require-witness");
        }
        AgencySlice read;
        try {
            read = AgencySlices.parse(Files.readAllBytes(slice));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read " + slice + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(slice + ": " + e.getMessage(), e);
        }
        MessageProofs.Check check = AgencySlices.check(read, trust.checkpointVerifier());
        if (check instanceof MessageProofs.Check.Invalid invalid) {
            out.println("FAILED: " + invalid.reason());
            out.flush();
            return 1;
        }
        MessageProofs.Check.Valid valid = (MessageProofs.Check.Valid) check;
        long sent = valid.records().stream()
                .filter(r -> read.agency().equals(r.getSender()))
                .count();
        Map<AuditDecision, Long> byDecision = valid.records().stream()
                .collect(Collectors.groupingBy(
                        AuditRecord::getDecision, () -> new EnumMap<>(AuditDecision.class), Collectors.counting()));
        out.printf(
                "OK: %d audit records concerning agency %s (sent %d, received %d; %s) are in the log under checkpoint %s size %d root %s%n",
                valid.records().size(),
                read.agency(),
                sent,
                valid.records().size() - sent,
                byDecision.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")),
                valid.checkpoint().origin(),
                valid.checkpoint().size(),
                valid.checkpoint().rootHex());
        out.flush();
        return 0;
    }
}
