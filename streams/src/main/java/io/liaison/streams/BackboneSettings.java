package io.liaison.streams;

import io.liaison.cluster.topics.TopicPlan;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules the backbone enforces on every ingress message.
 *
 * @param replayWindow      a message id seen again within this window is a replay
 * @param maxClockSkew      created-at may differ from the backbone's clock by at most this much
 * @param maxMessageBytes   larger ingress records are quarantined unread
 * @param component         names this instance in audit records (releasing component)
 * @param ingressPartitions the partition count every ingress topic must have: a message is accepted
 *                          only on the partition its id selects under it, so every copy of an id meets
 *                          the same replay store, and the backbone refuses to run on a topic with another
 *                          count ({@link IngressPartitions})
 */
public record BackboneSettings(
        Duration replayWindow, Duration maxClockSkew, int maxMessageBytes, String component, int ingressPartitions) {
    public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofDays(7);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    public BackboneSettings {
        requirePositive("replayWindow", replayWindow);
        requirePositive("maxClockSkew", maxClockSkew);
        if (maxClockSkew.compareTo(replayWindow) >= 0) {
            // Otherwise a message could be replayed after its id left the dedupe window yet still pass the skew check.
            throw new IllegalArgumentException(
                    "maxClockSkew (" + maxClockSkew + ") must be shorter than replayWindow (" + replayWindow + ")");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        Objects.requireNonNull(component, "component");
        if (ingressPartitions < 1) {
            throw new IllegalArgumentException("ingressPartitions must be at least 1, was " + ingressPartitions);
        }
    }

    /** The defaults, pinned to the topic plan's default partition count. */
    public static BackboneSettings defaults(String component) {
        return new BackboneSettings(
                DEFAULT_REPLAY_WINDOW,
                DEFAULT_CLOCK_SKEW,
                DEFAULT_MAX_MESSAGE_BYTES,
                component,
                TopicPlan.DEFAULT_PARTITIONS);
    }

    public BackboneSettings withIngressPartitions(int partitions) {
        return new BackboneSettings(replayWindow, maxClockSkew, maxMessageBytes, component, partitions);
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
