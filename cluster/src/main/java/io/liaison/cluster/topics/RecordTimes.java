package io.liaison.cluster.topics;

import io.liaison.kernel.trust.RecordTime;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/** A consumed record's timestamp in the kernel's terms: whether the broker stamped it on append or its producer chose it. */
public final class RecordTimes {
    private RecordTimes() {}

    public static RecordTime of(ConsumerRecord<?, ?> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        return record.timestampType() == TimestampType.LOG_APPEND_TIME
                ? new RecordTime.LogAppend(at)
                : new RecordTime.ProducerChosen(record.timestampType().name, at);
    }
}
