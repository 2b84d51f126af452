package io.liaison.cli.pki;

import io.liaison.cli.CliErrors;
import io.liaison.pki.PkiException;
import io.liaison.pki.Validity;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Shared plumbing of the {@code pki} verbs: options, output, and turning PKI failures into one-line user errors. */
abstract class PkiSubcommand implements Callable<Integer> {
    @Mixin
    PkiOptions pki;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (PkiException | IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
    }

    abstract int run();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static Validity validity(Instant from, int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("--days must be positive, got " + days);
        }
        return Validity.of(from == null ? PkiOptions.CLOCK.instant() : from, Duration.ofDays(days));
    }
}
