package io.liaison.pki;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line, for cross-checking our output with an independent implementation. */
public final class OpenSsl {
    /** What one openssl run printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {}

    private OpenSsl() {}

    /** Skips the calling test, with a reason, when openssl is not installed. */
    public static void assumeAvailable() {
        assumeTrue(available(), "openssl is not on the PATH");
    }

    static boolean available() {
        try {
            return run(Path.of("."), "version").exitCode() == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public static Result run(Path workingDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", args) + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
