package io.liaison.kernel.trust;

import java.time.Instant;

/**
 * A Kafka record's timestamp as the broker reports it, in the kernel's terms (the kernel does not
 * reach Kafka). Only a log-append time is the broker's own: a topic with
 * {@code message.timestamp.type=LogAppendTime} stamps each record when it appends it, whatever its
 * producer wrote. Any other timestamp is what the producer chose, and whoever holds a stolen key
 * chooses it too, so no key is judged at it.
 */
public sealed interface RecordTime {
    Instant at();

    /** Stamped by the broker when it appended the record. */
    record LogAppend(Instant at) implements RecordTime {}

    /** @param type the client's name for the timestamp type, e.g. {@code CreateTime} */
    record ProducerChosen(String type, Instant at) implements RecordTime {}
}
