package io.liaison.embedded.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded Apicurio Registry.
 *
 * @param home the unpacked distribution, the folder holding {@value #RUNNER_JAR}
 * @param dataDir where the registry keeps its database and log; reuse it to keep schemas and ids across restarts
 * @param port the HTTP port on 127.0.0.1, or 0 for a free one
 * @param startupTimeout how long to wait for the registry to answer before giving up
 * @param maxHeapMb the child JVM's {@code -Xmx} in MiB
 */
public record ApicurioRegistryConfig(Path home, Path dataDir, int port, Duration startupTimeout, int maxHeapMb) {

    /** The system property naming {@link #home}; the root pom sets it for surefire and failsafe. */
    public static final String HOME_PROPERTY = "liaison.registry.home";

    public static final String RUNNER_JAR = "apicurio-registry-app-2.6.13.Final-runner.jar";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_HEAP_MB = 256;
    private static final int MIN_HEAP_MB = 128;

    public ApicurioRegistryConfig {
        Objects.requireNonNull(home, "home must be set (system property " + HOME_PROPERTY + ")");
        Objects.requireNonNull(dataDir, "dataDir must be set");
        home = home.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(home.resolve(RUNNER_JAR))) {
            throw new IllegalArgumentException("home " + home + " does not hold " + RUNNER_JAR
                    + "; build the embedded module (it unpacks Apicurio Registry into embedded/target/apicurio-registry)"
                    + " or point " + HOME_PROPERTY + " at an unpacked apicurio-registry-app-2.6.13.Final-all.zip");
        }
        if (dataDir.toString().contains(";")) {
            throw new IllegalArgumentException(
                    "dataDir must not contain ';' (it becomes part of a JDBC URL), was: " + dataDir);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "port must be in the range 0..65535 (0 picks a free port), was: " + port);
        }
        if (startupTimeout == null || startupTimeout.isZero() || startupTimeout.isNegative()) {
            throw new IllegalArgumentException("startupTimeout must be a positive duration, was: " + startupTimeout);
        }
        if (maxHeapMb < MIN_HEAP_MB) {
            throw new IllegalArgumentException("maxHeapMb must be at least " + MIN_HEAP_MB + ", was: " + maxHeapMb);
        }
    }

    /** The distribution named by {@value #HOME_PROPERTY}, a free port, the default timeout and heap. */
    public static ApicurioRegistryConfig defaults(Path dataDir) {
        return new ApicurioRegistryConfig(
                homeFromSystemProperty(), dataDir, 0, DEFAULT_STARTUP_TIMEOUT, DEFAULT_MAX_HEAP_MB);
    }

    public ApicurioRegistryConfig withPort(int port) {
        return new ApicurioRegistryConfig(home, dataDir, port, startupTimeout, maxHeapMb);
    }

    static Path homeFromSystemProperty() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException(
                    "System property " + HOME_PROPERTY + " is not set: it must name the unpacked"
                            + " Apicurio Registry distribution (embedded/target/apicurio-registry after building the embedded module)");
        }
        return Path.of(home);
    }

    Path runnerJar() {
        return home.resolve(RUNNER_JAR);
    }
}
