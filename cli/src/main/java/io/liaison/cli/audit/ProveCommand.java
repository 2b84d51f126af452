package io.liaison.cli.audit;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.LogVerifier;
import io.liaison.audit.VerificationResult;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.proof.MessageProof;
import io.liaison.audit.proof.MessageProofs;
import io.liaison.cli.CliErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "prove",
        mixinStandardHelpOptions = true,
        description = {
            "Write inclusion proofs of a message's audit records against the latest verified "
                    + "checkpoint to a file that `liaison audit check-proof FILE --backbone-cert CERT` verifies "
                    + "offline."
        })
final class ProveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @Parameters(index = "0", paramLabel = "MESSAGE_ID", description = "The message whose audit records to prove.")
    String messageId;

    @Option(names = "--out", paramLabel = "FILE", description = "Proof file to write (default: proof-MESSAGE_ID.json).")
    Path out;

    @Override
    public Integer call() {
        AuditExport log = source.loadIntact(spec.commandLine().getErr());
        CheckpointVerifier checkpoints = trust.checkpointVerifier();
        LogVerifier verifier = new LogVerifier(log.checkpoints(), checkpoints, log.writerSchemas());
        log.records().forEach(verifier::accept);
        VerificationResult result = verifier.finish();
        if (!result.ok()) {
            throw new CliErrors.UserError("the log does not verify, so no proof from it would mean anything: "
                    + result.firstProblem().orElseThrow().detail());
        }
        Checkpoint latest = result.latest()
                .orElseThrow(() -> new CliErrors.UserError("no verified checkpoint to prove against yet"));
        List<AuditEntry> entries = log.records().stream()
                .filter(e -> e.index() < latest.size())
                .filter(e -> Objects.equals(
                        messageId, LogSource.decode(e, log.writerSchemas()).getMessageId()))
                .toList();
        if (entries.isEmpty()) {
            throw new CliErrors.UserError("no audit record about message " + messageId + " in the first "
                    + latest.size() + " records (those the latest checkpoint covers)");
        }
        MessageProof proof = MessageProofs.build(
                messageId, entries, verifier.tree(), publishedNoteOf(log, latest, checkpoints), latest.size());
        Path file = out != null ? out : Path.of("proof-" + messageId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        try {
            Files.write(file, MessageProofs.toJson(proof));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %s: %d audit records of message %s, proven against checkpoint size %d root %s%n",
                        file, entries.size(), messageId, latest.size(), latest.rootHex());
        return 0;
    }

    /** The published note of the latest checkpoint (preferring one that carries witness cosignatures). */
    static PublishedCheckpoint publishedNoteOf(AuditExport log, Checkpoint latest, CheckpointVerifier verifier) {
        PublishedCheckpoint best = null;
        int bestCosignatures = -1;
        for (PublishedCheckpoint p : log.checkpoints()) {
            if (verifier.verify(p.note(), p.published()) instanceof CheckpointVerifier.Result.Verified v
                    && v.checkpoint().equals(latest)
                    && v.cosignatures().size() > bestCosignatures) {
                best = p;
                bestCosignatures = v.cosignatures().size();
            }
        }
        return Objects.requireNonNull(best, "the latest verified checkpoint came from the log");
    }
}
