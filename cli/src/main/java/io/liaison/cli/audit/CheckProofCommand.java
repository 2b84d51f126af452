package io.liaison.cli.audit;

import io.liaison.audit.proof.MessageProof;
import io.liaison.audit.proof.MessageProofs;
import io.liaison.cli.CliErrors;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "check-proof",
        mixinStandardHelpOptions = true,
        description = {
            "Verify a proof file offline: the checkpoint's signature with the backbone's certificate, "
                    + "and every record's inclusion path against the checkpoint's root. Needs nothing else: no "
                    + "Kafka, no registry."
        })
final class CheckProofCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Trust trust;

    @Parameters(index = "0", paramLabel = "FILE", description = "The proof file written by `liaison audit prove`.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MessageProof proof;
        try {
            proof = MessageProofs.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(file + ": " + e.getMessage(), e);
        }
        MessageProofs.Check check = MessageProofs.check(proof, trust.checkpointVerifier());
        if (check instanceof MessageProofs.Check.Invalid invalid) {
            out.println("FAILED: " + invalid.reason());
            return 1;
        }
        MessageProofs.Check.Valid valid = (MessageProofs.Check.Valid) check;
        out.printf(
                "OK: %d audit records of message %s are in the log under checkpoint %s size %d root %s%n",
                valid.records().size(),
                proof.messageId(),
                valid.checkpoint().origin(),
                valid.checkpoint().size(),
                valid.checkpoint().rootHex());
        for (AuditRecord r : valid.records()) {
            String withheld =
                    r.getFieldActions().stream().map(AuditFieldAction::getPath).collect(Collectors.joining(", "));
            out.printf(
                    "  %s %s %s -> %s purpose=%s policy=%s%s%n",
                    r.getEventTime(),
                    r.getDecision(),
                    r.getSender(),
                    r.getRecipient(),
                    r.getPurpose(),
                    r.getPolicyVersion(),
                    withheld.isEmpty() ? "" : " withheld=" + withheld);
        }
        return 0;
    }
}
