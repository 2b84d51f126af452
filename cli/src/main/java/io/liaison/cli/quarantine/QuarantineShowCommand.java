package io.liaison.cli.quarantine;

import io.liaison.cli.CliErrors;
import io.liaison.kernel.crypto.Digests;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show one quarantine record: the reason and metadata, and what the officer may see of the original.",
            "An input refused before its sender's signature verified was kept sealed to the quarantine "
                    + "officer: it is opened with the officer's key (--pki-dir, "
                    + "quarantine-officer/encryption.key) and its size and digest shown; --original writes its "
                    + "bytes. After the signature verified only the header and digests were kept."
        })
final class QuarantineShowCommand implements Callable<Integer> {
    static final String HEADER_ONLY =
            "only header and digests were kept because the failure came after the signature verified "
                    + "(the input is authentic and its sender still has it); ask the sender to send it again";

    @Spec
    CommandSpec spec;

    @Mixin
    QuarantineSource source;

    @Parameters(
            index = "0",
            paramLabel = "ID",
            converter = QuarantineId.Converter.class,
            description = "The record's id as `liaison quarantine list` prints it: q-<partition>-<offset>.")
    QuarantineId id;

    @Option(
            names = "--original",
            paramLabel = "FILE",
            description = "Write the original input's value (as the backbone read it) to FILE.")
    Path originalFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        QuarantineSource.Quarantined q = source.find(id);
        QuarantineRecord h = q.header();
        out.printf("id:               %s (record key %s)%n", q.id(), q.key());
        out.printf("quarantined at:   %s%n", h.getQuarantinedAt());
        out.printf("reason:           %s%n", h.getReasonCode());
        out.printf("                  %s%n", h.getReason());
        out.printf(
                "source:           %s partition %d offset %d%n",
                h.getSourceTopic(), h.getSourcePartition(), h.getSourceOffset());
        out.printf("sender:           %s%n", Objects.requireNonNullElse(q.sender(), "-"));
        out.printf("message id:       %s%n", Objects.requireNonNullElse(h.getMessageId(), "-"));
        out.printf(
                "original digest:  sha256 %s (of the value as it arrived)%n", OriginalInput.hex(h.getOriginalDigest()));
        if (!(source.original(q) instanceof QuarantineSource.Original.Opened opened)) {
            out.printf("original:         not kept: %s%n", HEADER_ONLY);
            if (originalFile != null) {
                throw new CliErrors.UserError("no original to write for " + id + ": " + HEADER_ONLY);
            }
            return 0;
        }
        OriginalInput input = OriginalInput.of(h, opened.full(), source.codec(false));
        out.printf(
                "original:         sealed to the quarantine officer (key %s), opened: %d bytes, sha256 %s%n",
                opened.officerKeyId(), input.value().length, Digests.hex(Digests.sha256(input.value())));
        out.printf("                  %s%n", digestLine(input.digest()));
        out.printf("original key:     %s%n", Objects.requireNonNullElse(input.key(), "(none)"));
        input.envelope()
                .ifPresent(e -> out.printf(
                        "envelope:         %s from %s, signing key %s, created %s%n",
                        e.getMessageType(), e.getSenderAgency(), e.getKeyId(), e.getCreatedAt()));
        if (originalFile != null) {
            write(originalFile, input.value());
            out.printf("wrote %d bytes to %s%n", input.value().length, originalFile);
        }
        return 0;
    }

    static String digestLine(OriginalInput.DigestCheck check) {
        if (check instanceof OriginalInput.DigestCheck.Mismatch m) {
            return "DOES NOT MATCH originalDigest: " + m.detail();
        }
        return check instanceof OriginalInput.DigestCheck.Matches
                ? "matches originalDigest: byte for byte as it arrived"
                : "the plaintext the backbone opened from the sealed ingress record (originalDigest covers the"
                        + " ciphertext; the officer's seal authenticates this)";
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
