package io.liaison.cluster.topics;

import java.util.Map;

/**
 * A topic the backbone needs, with the configs it must have.
 *
 * @param name       topic name
 * @param partitions partition count
 * @param replicationFactor replicas per partition (1 on the embedded broker, 3 in production)
 * @param configs    topic-level configs (cleanup.policy, retention.ms, min.insync.replicas ...)
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of " + name + " must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replicationFactor of " + name + " must be at least 1, was " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }
}
