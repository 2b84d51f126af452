package io.liaison.systemtests.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The figures of each scenario run, one line each, appended to
 * {@code target/reliability-figures.md} (and printed), so RELIABILITY.md can quote the last run.
 */
final class FaultReport {
    static final Path FILE = Path.of("target", "reliability-figures.md");

    private FaultReport() {}

    static void record(String scenario, String figures) {
        String line = "- " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " **" + scenario + "** ("
                + (FaultLoad.heavy() ? "heavy" : "default") + "): " + figures + System.lineSeparator();
        System.out.print("[reliability] " + line);
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE, e);
        }
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
