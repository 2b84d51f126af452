package io.liaison.systemtests.reliability;

import io.liaison.cli.Liaison;
import io.liaison.cluster.security.ClientConnection;
import io.liaison.runtime.config.LiaisonHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second backbone instance in a child JVM: {@code liaison backbone run} with the test JVM's
 * classpath, configured through its environment, in the same Streams application as the
 * in-process instance so the two share the partitions. {@link #kill} is {@code kill -9}.
 */
final class BackboneProcess implements AutoCloseable {
    private static final String RUNNING_LINE = "backbone running";

    private final Process process;
    private final Path log;

    private BackboneProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param streamsOverrides extra Kafka Streams settings, passed as {@code LIAISON_KAFKA_*} variables
     */
    static BackboneProcess start(
            ReliabilityStack stack, Path workDir, String component, Map<String, String> streamsOverrides) {
        return start(stack, workDir, component, streamsOverrides, Map.of());
    }

    /**
     * As {@link #start(ReliabilityStack, Path, String, Map)}, with more {@code LIAISON_*} variables,
     * which win: log levels, or another process's {@code LIAISON_STREAMS_STATE_DIR}.
     */
    static BackboneProcess start(
            ReliabilityStack stack,
            Path workDir,
            String component,
            Map<String, String> streamsOverrides,
            Map<String, String> environment) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = workDir.resolve("backbone.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Liaison.class.getName(),
                        "backbone",
                        "run"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("LIAISON_"));
        env.put("LIAISON_HOME", workDir.toString());
        env.put("LIAISON_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("LIAISON_REGISTRY_URL", stack.registryUrl());
        env.put("LIAISON_PKI_DIR", stack.pki().root().toAbsolutePath().toString());
        env.put("LIAISON_POLICY", ReliabilityStack.POLICY.toString());
        env.put("LIAISON_STREAMS_STATE_DIR", workDir.resolve("streams").toString());
        env.put("LIAISON_CHECKPOINT_INTERVAL", "off");
        env.put("LIAISON_COMPONENT", component);
        // several instances may run on this host at once: any free port for /health, /ready, /metrics
        env.put("LIAISON_MANAGEMENT_LISTEN", "127.0.0.1:0");
        // logs in as liaison-streams with the password the stack keeps in $home/secrets
        env.put(
                "LIAISON_KAFKA_SECURITY_PROTOCOL",
                ClientConnection.PROTOCOL); // the trust store: tls/truststore.p12 of LIAISON_PKI_DIR
        env.put(
                "LIAISON_SECRETS_DIR",
                new LiaisonHome(stack.home()).secrets().toAbsolutePath().toString());
        // every instance of one backbone pseudonymises with the same secret
        env.put(
                "LIAISON_PSEUDONYM_SECRET_FILE",
                new LiaisonHome(stack.home()).pseudonymSecret().toAbsolutePath().toString());
        streamsOverrides.forEach((key, value) ->
                env.put("LIAISON_KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        env.putAll(environment);
        try {
            return new BackboneProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + java, e);
        }
    }

    /** True once the child printed that its Streams application is RUNNING; fails if it died. */
    boolean running() {
        if (!process.isAlive()) {
            throw new AssertionError("the child backbone exited with " + process.exitValue() + ":\n" + output());
        }
        return output().contains(RUNNING_LINE);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no clean close, open transactions left behind. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the child backbone " + process.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing the child backbone", e);
        }
    }

    /** SIGTERM: the backbone closes its Streams application cleanly and leaves the group; returns once it exited. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                throw new AssertionError("the child backbone " + process.pid() + " still runs 2 minutes after SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the child backbone", e);
        }
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
        if (process.isAlive()) {
            kill();
        }
    }

    static Duration startupTimeout() {
        return Duration.ofSeconds(120);
    }
}
