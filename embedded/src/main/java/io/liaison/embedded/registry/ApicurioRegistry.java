package io.liaison.embedded.registry;

import io.liaison.registry.Compatibility;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.registry.RegistryException;
import io.liaison.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Apicurio Registry 2.6 (a real registry we did not write) as a child JVM on 127.0.0.1, and
 * serves its Confluent-compatible API at {@link #url()}.
 *
 * <h2>Persistence</h2>
 * Apicurio's default storage is an in-memory H2 database. This supervisor points the same H2
 * storage at a file in the data directory ({@code quarkus.datasource.jdbc.url=jdbc:h2:file:...}),
 * so every registration is on disk as soon as the registry answers, and a restart on the same
 * directory serves the same schemas under the same ids (the id sequences live in the database
 * too). {@code WRITE_DELAY=0} makes H2 flush each commit, so even a killed registry loses nothing
 * it acknowledged. This replaced an export/import scheme: no {@code persist()} step to forget.
 *
 * <h2>Lifecycle</h2>
 * {@link #start} blocks until the registry answers or the startup timeout passes (then the
 * exception carries the tail of its log, {@code registry.log} in the data directory).
 * {@link #close} stops it (SIGTERM, then a forced kill after a grace period); a JVM shutdown hook
 * does the same if the owner forgets. A JVM killed outright cannot run that hook, so the child's
 * pid is kept in {@code registry.pid}: the next start on the same directory stops that orphan
 * before launching, since two registries cannot share one database anyway.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** The path of the Confluent-compatible API under the registry's root. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /** The compatibility rule the embedded registry enforces, as Confluent's server does by default. */
    public static final Compatibility GLOBAL_COMPATIBILITY = Compatibility.BACKWARD;

    static final String LOG_FILE = "registry.log";
    static final String PID_FILE = "registry.pid";
    private static final String DATABASE_FILE = "registry"; // H2 adds ".mv.db"
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 40;
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);

    private final ApicurioRegistryConfig config;
    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;

    private ApicurioRegistry(ApicurioRegistryConfig config, Process process, int port) {
        this.config = config;
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stopProcess, "apicurio-registry-shutdown");
    }

    /**
     * Launches the registry and waits until its Confluent API answers.
     *
     * @throws IllegalStateException if it exits or does not answer in time; the message holds its log tail
     */
    public static ApicurioRegistry start(ApicurioRegistryConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the registry data directory " + config.dataDir(), e);
        }
        stopOrphan(config.dataDir());
        int port = config.port() == 0 ? freeLoopbackPort() : config.port();
        Process process = launch(config, port);
        ApicurioRegistry registry = new ApicurioRegistry(config, process, port);
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
        try {
            registry.awaitReady();
            registry.client().setGlobalCompatibility(GLOBAL_COMPATIBILITY);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("Apicurio Registry ready at {} (data in {})", registry.url(), config.dataDir());
        return registry;
    }

    /** The Confluent-compatible API base, {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + CCOMPAT_PATH);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** Where the registry's stdout and stderr go. */
    public Path logFile() {
        return config.dataDir().resolve(LOG_FILE);
    }

    /** A new client for this registry (each client has its own caches). */
    public SchemaRegistryClient client() {
        return new ConfluentRegistryClient(RegistryClientConfig.of(url().toString()));
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the registry; idempotent. Its data stays in the data directory. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run, nothing to remove
        }
    }

    private synchronized void stopProcess() {
        if (closed) {
            return;
        }
        closed = true;
        stop(process.toHandle());
        deletePidFile(config.dataDir());
    }

    private static Process launch(ApicurioRegistryConfig config, int port) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path database = config.dataDir().resolve(DATABASE_FILE);
        List<String> command = List.of(
                java.toString(),
                "-Xmx" + config.maxHeapMb() + "m",
                // a small, short-lived service on a 2-core machine: start fast rather than peak fast
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dregistry.rules.global.compatibility=" + GLOBAL_COMPATIBILITY,
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + database + ";WRITE_DELAY=0",
                "-Dquarkus.log.console.color=false",
                "-jar",
                config.runnerJar().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(config.dataDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(config.dataDir().resolve(LOG_FILE).toFile());
        try {
            Process process = builder.start();
            Files.writeString(config.dataDir().resolve(PID_FILE), Long.toString(process.pid()));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch Apicurio Registry with " + java, e);
        }
    }

    private void awaitReady() {
        SchemaRegistryClient client = client();
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        RuntimeException lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                client.subjects();
                return;
            } catch (RegistryException e) {
                lastFailure = e; // not listening yet, or still booting (503)
            }
            try {
                // waitFor doubles as the poll interval and returns at once if the registry died
                if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw startupFailure("exited with code " + process.exitValue() + " before it was ready");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startupFailure("start was interrupted");
            }
        }
        throw startupFailure("did not answer within " + config.startupTimeout().toSeconds() + " s"
                + (lastFailure == null ? "" : " (last attempt: " + lastFailure.getMessage() + ")"));
    }

    private IllegalStateException startupFailure(String what) {
        return new IllegalStateException(
                "Apicurio Registry on port " + port + " " + what + ". Last lines of " + logFile() + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops a registry a previous, killed JVM left running on this data directory. */
    private static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ApicurioRegistry::isApicurioRegistry);
            if (orphan.isPresent()) {
                LOG.warn("Stopping Apicurio Registry (pid {}) left running on {}", pid, dataDir);
                stop(orphan.get());
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Ignoring unreadable {}: {}", pidFile, e.toString());
        }
        deletePidFile(dataDir);
    }

    // The pid may have been reused by an unrelated process since: only a registry JVM is stopped.
    private static boolean isApicurioRegistry(ProcessHandle handle) {
        return handle.info()
                .arguments()
                .map(args -> List.of(args).stream().anyMatch(arg -> arg.endsWith(ApicurioRegistryConfig.RUNNER_JAR)))
                .orElse(false);
    }

    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        } catch (Exception e) {
            LOG.warn(
                    "Apicurio Registry (pid {}) ignored SIGTERM for {} s; killing it",
                    handle.pid(),
                    STOP_GRACE.toSeconds());
            handle.destroyForcibly();
        }
    }

    private static void deletePidFile(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", dataDir.resolve(PID_FILE), e.toString());
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }
}
