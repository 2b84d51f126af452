package io.liaison.systemtests.reliability;

import io.liaison.cluster.security.CredentialStore;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.PkiDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker in a child JVM. A broker whose only log directory fails (disk full) halts
 * its JVM, by design: run in-process it would take the test JVM with it. {@link #main} is the
 * child's entry point; the rest manages the child from the test.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String READY_LINE = "broker ready at ";

    private final Process process;
    private final Path log;
    private final int port;

    private BrokerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * The broker's TLS certificate and admin password, kept in {@code securityDir} ({@code pki/},
     * {@code secrets/}) and created there on first use; the test reads the same files to connect.
     */
    static BrokerSecurity security(Path securityDir) {
        return BrokerSecurity.ensure(
                PkiDirectory.at(securityDir.resolve("pki")),
                CredentialStore.at(securityDir.resolve("secrets")),
                Clock.systemUTC());
    }

    /** Child entry point: {@code <dataDir> <securityDir> <port> <controllerPort>}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new BrokerConfig(
                Path.of(args[0]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                BrokerConfig.DEFAULT_RETENTION_BYTES,
                BrokerConfig.DEFAULT_RETENTION_HOURS,
                java.util.Map.of(),
                security(Path.of(args[1]))));
        System.out.println(READY_LINE + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts the child; create {@code securityDir}'s files first ({@link #security}), so parent and child agree. */
    static BrokerProcess start(Path dataDir, Path securityDir, int port, int controllerPort, Path log) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerProcess.class.getName(),
                        dataDir.toString(),
                        securityDir.toString(),
                        String.valueOf(port),
                        String.valueOf(controllerPort)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            return new BrokerProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + java, e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** True once the broker answers; fails if the child died first. */
    boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("the broker exited with " + process.exitValue() + ":\n" + output());
        }
        return output().contains(READY_LINE);
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
