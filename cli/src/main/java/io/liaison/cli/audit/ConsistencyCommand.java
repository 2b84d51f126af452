package io.liaison.cli.audit;

import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.cli.CliErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liaison audit consistency}: an RFC 9162 consistency proof between two tree sizes of the
 * audit log, computed from the log itself, as a witness or an auditor holding an older checkpoint
 * asks for it; or, given two signed checkpoints, whether the newer extends the older.
 */
@Command(
        name = "consistency",
        mixinStandardHelpOptions = true,
        description = {
            "Print the consistency proof between tree sizes --from M and --to N of the audit log (one "
                    + "base64 hash a line, as C2SP tlog-witness sends it), computed from the log read from Kafka "
                    + "or --export.",
            "With --old-checkpoint and --new-checkpoint instead: check that the newer signed "
                    + "checkpoint extends the older, with the proof in --proof FILE or computed from the log. "
                    + "Exit 1 when it does not."
        })
final class ConsistencyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LogSource source;

    @Mixin
    Trust trust;

    @ArgGroup(multiplicity = "1")
    Mode mode;

    static final class Mode {
        @ArgGroup(exclusive = false)
        Sizes sizes;

        @ArgGroup(exclusive = false)
        Checkpoints checkpoints;
    }

    static final class Sizes {
        @Option(names = "--from", required = true, paramLabel = "M", description = "The older tree size.")
        long from;

        @Option(names = "--to", required = true, paramLabel = "N", description = "The newer tree size.")
        long to;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the proof lines to FILE.")
        Path out;
    }

    static final class Checkpoints {
        @Option(
                names = "--old-checkpoint",
                required = true,
                paramLabel = "FILE",
                description = "A signed checkpoint note (the older).")
        Path older;

        @Option(
                names = "--new-checkpoint",
                required = true,
                paramLabel = "FILE",
                description = "A signed checkpoint note (the newer).")
        Path newer;

        @Option(
                names = "--proof",
                paramLabel = "FILE",
                description = "The proof lines (as --out writes them); default: computed from the log.")
        Path proof;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int exit = mode.sizes != null ? prove(mode.sizes, out) : check(mode.checkpoints, out);
        out.flush();
        return exit;
    }

    private int prove(Sizes sizes, PrintWriter out) {
        LogTree tree = tree(spec.commandLine().getErr());
        if (sizes.from < 0 || sizes.from > sizes.to || sizes.to > tree.size()) {
            throw new CliErrors.UserError("--from " + sizes.from + " --to " + sizes.to
                    + " must satisfy 0 <= from <= to <= " + tree.size() + " (the log's size)");
        }
        List<byte[]> proof = tree.consistencyProof(sizes.from, sizes.to);
        out.printf(
                "# consistency proof from size %d (root %s) to size %d (root %s): %d hashes%n",
                sizes.from,
                Base64.getEncoder().encodeToString(tree.root(sizes.from)),
                sizes.to,
                Base64.getEncoder().encodeToString(tree.root(sizes.to)),
                proof.size());
        StringBuilder lines = new StringBuilder();
        proof.forEach(
                node -> lines.append(Base64.getEncoder().encodeToString(node)).append('\n'));
        out.print(lines);
        if (sizes.out != null) {
            try {
                Files.writeString(sizes.out, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliErrors.UserError("cannot write " + sizes.out + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }

    private int check(Checkpoints given, PrintWriter out) {
        CheckpointVerifier verifier = trust.checkpointVerifier();
        Checkpoint older = open(verifier, given.older);
        Checkpoint newer = open(verifier, given.newer);
        if (!older.origin().equals(newer.origin())) {
            out.printf("FAILED: the checkpoints are of two logs, '%s' and '%s'%n", older.origin(), newer.origin());
            return 1;
        }
        if (older.size() > newer.size()) {
            out.printf(
                    "FAILED: --old-checkpoint has size %d, larger than --new-checkpoint's %d%n",
                    older.size(), newer.size());
            return 1;
        }
        List<byte[]> proof = given.proof != null
                ? readProof(given.proof)
                : tree(spec.commandLine().getErr()).consistencyProof(older.size(), newer.size());
        if (LogTree.verifyConsistency(older.size(), newer.size(), older.rootHash(), newer.rootHash(), proof)) {
            out.printf(
                    "OK: the checkpoint of size %d extends the checkpoint of size %d of %s%n",
                    newer.size(), older.size(), older.origin());
            return 0;
        }
        out.printf(
                "FAILED: the checkpoint of size %d (root %s) does not extend the checkpoint of size %d (root %s)%n",
                newer.size(), newer.rootHex(), older.size(), older.rootHex());
        return 1;
    }

    /** The tree over every record of the log. */
    private LogTree tree(PrintWriter err) {
        LogTree tree = new LogTree();
        source.loadIntact(err).records().forEach(r -> tree.append(r.value()));
        return tree;
    }

    private static Checkpoint open(CheckpointVerifier verifier, Path file) {
        String note;
        try {
            note = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        // a kept copy: its backbone signature must verify; no broker time travels with it
        if (verifier.verifyKept(note) instanceof CheckpointVerifier.Result.Verified v) {
            return v.checkpoint();
        }
        throw new CliErrors.UserError(file + " is not a checkpoint signed by a trusted backbone key: "
                + ((CheckpointVerifier.Result.Rejected) verifier.verifyKept(note)).reason());
    }

    private static List<byte[]> readProof(Path file) {
        try {
            List<byte[]> proof = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    proof.add(Base64.getDecoder().decode(line.strip()));
                }
            }
            return proof;
        } catch (IOException | IllegalArgumentException e) {
            throw new CliErrors.UserError("cannot read the proof " + file + ": " + e.getMessage(), e);
        }
    }
}
