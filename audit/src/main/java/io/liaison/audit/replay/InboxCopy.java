package io.liaison.audit.replay;

import io.liaison.kernel.trust.RecordTime;

/**
 * A record read from an agency's inbox topic.
 *
 * @param partition its partition of {@code inbox.<agency>}
 * @param offset    its offset in that partition
 * @param appended  its Kafka timestamp: when the broker appended it, the instant its keys are judged at
 * @param value     the value bytes exactly as the agency's consumers read them
 */
public record InboxCopy(int partition, long offset, RecordTime appended, byte[] value) {
    public InboxCopy {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
