package io.liaison.streams;

import io.liaison.cluster.topics.AclPlan;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How the backbone's Kafka Streams application runs.
 *
 * @param applicationId     Kafka Streams application id (consumer group, internal topic prefix); the
 *                          default is {@link AclPlan#DEFAULT_STREAMS_APPLICATION_ID}, which the ACLs grant
 * @param bootstrapServers  Kafka bootstrap servers
 * @param stateDir          local state (the replay store's RocksDB); restored from its changelog if lost
 * @param threads           stream threads in this instance; add instances to scale beyond one machine
 * @param replicationFactor replication of internal topics (changelog, repartition); -1 for the broker's default
 * @param overrides         extra Streams/client properties (security settings, tuning)
 */
public record StreamsAppConfig(
        String applicationId,
        String bootstrapServers,
        Path stateDir,
        int threads,
        short replicationFactor,
        Map<String, String> overrides) {
    public static final int MAX_THREADS = 64;

    public StreamsAppConfig {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId must be set");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must be set");
        }
        Objects.requireNonNull(stateDir, "stateDir");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ", was " + threads);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException(
                    "replicationFactor must be at least 1, or -1 for the broker's default, was " + replicationFactor);
        }
        overrides = Map.copyOf(overrides);
    }

    /** The same config with more client properties (security settings), applied after the existing ones. */
    public StreamsAppConfig withOverrides(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new StreamsAppConfig(applicationId, bootstrapServers, stateDir, threads, replicationFactor, merged);
    }

    public static StreamsAppConfig embedded(String bootstrapServers, Path stateDir) {
        return new StreamsAppConfig(
                AclPlan.DEFAULT_STREAMS_APPLICATION_ID, bootstrapServers, stateDir, 1, (short) 1, Map.of());
    }
}
