package io.liaison.audit.checkpoint;

import java.time.Instant;

/**
 * A checkpoint note as read from the checkpoints topic.
 *
 * @param offset      its offset in the checkpoints topic (its order of publication)
 * @param publishedAt the Kafka record timestamp: the instant the backbone key must have been valid
 * @param note        the signed note, exactly as published
 */
public record PublishedCheckpoint(long offset, Instant publishedAt, String note) {}
