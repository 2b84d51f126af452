package io.liaison.embedded.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the embedded single-node KRaft broker.
 *
 * @param dataDir        where the broker keeps its log; reused across restarts
 * @param port           client listener port on 127.0.0.1; 0 picks a free one
 * @param controllerPort KRaft controller listener port on 127.0.0.1; 0 picks a free one
 * @param retentionBytes per-partition retention cap, so a long benchmark cannot fill the disk
 * @param retentionHours time retention for topics that do not set their own
 * @param overrides      extra broker properties, applied last
 * @param security       TLS and authentication of every listener
 */
public record BrokerConfig(
        Path dataDir,
        int port,
        int controllerPort,
        long retentionBytes,
        int retentionHours,
        Map<String, String> overrides,
        BrokerSecurity security) {
    public static final long DEFAULT_RETENTION_BYTES = 1L << 30;
    public static final int DEFAULT_RETENTION_HOURS = 168;

    public BrokerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (retentionBytes < 1 << 20) {
            throw new IllegalArgumentException("retentionBytes must be at least 1 MiB, was " + retentionBytes);
        }
        if (retentionHours < 1) {
            throw new IllegalArgumentException("retentionHours must be at least 1, was " + retentionHours);
        }
        overrides = Map.copyOf(overrides);
        Objects.requireNonNull(security, "security");
    }

    /** Free ports, default retention: what tests want. */
    public static BrokerConfig ephemeral(Path dataDir, BrokerSecurity security) {
        return new BrokerConfig(dataDir, 0, 0, DEFAULT_RETENTION_BYTES, DEFAULT_RETENTION_HOURS, Map.of(), security);
    }

    public BrokerConfig withOverrides(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new BrokerConfig(dataDir, port, controllerPort, retentionBytes, retentionHours, merged, security);
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be in the range 0..65535 (0 = any free port), was " + port);
        }
    }
}
