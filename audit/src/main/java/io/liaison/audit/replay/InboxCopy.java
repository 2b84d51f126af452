package io.liaison.audit.replay;

import java.time.Instant;

/**
 * A record read from an agency's inbox topic.
 *
 * @param partition its partition of {@code inbox.<agency>}
 * @param offset    its offset in that partition
 * @param timestamp its Kafka timestamp
 * @param value     the value bytes exactly as the agency's consumers read them
 */
public record InboxCopy(int partition, long offset, Instant timestamp, byte[] value) {
    public InboxCopy {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
