package io.liaison.audit.checkpoint;

import io.liaison.kernel.trust.RecordTime;
import java.time.Instant;

/**
 * A checkpoint note as read from the checkpoints topic.
 *
 * @param offset    its offset in the checkpoints topic (its order of publication)
 * @param published the Kafka record's timestamp: when the broker appended it, the instant the backbone
 *                  key must have been valid (a timestamp its publisher chose is refused)
 * @param note      the signed note, exactly as published
 */
public record PublishedCheckpoint(long offset, RecordTime published, String note) {
    /** Kafka's name for a timestamp the broker stamped on append. */
    public static final String LOG_APPEND_TIME = "LogAppendTime";

    /** How the timestamp was stamped, as exports and proofs write it: {@value #LOG_APPEND_TIME}, or the producer's type. */
    public String timestampType() {
        return published instanceof RecordTime.ProducerChosen chosen ? chosen.type() : LOG_APPEND_TIME;
    }

    /**
     * A written timestamp back in the kernel's terms. A file written before timestamp types were
     * recorded names none: nothing shows the broker stamped it, so it counts as the producer's.
     */
    public static RecordTime published(String timestampType, Instant at) {
        if (LOG_APPEND_TIME.equals(timestampType)) {
            return new RecordTime.LogAppend(at);
        }
        return new RecordTime.ProducerChosen(timestampType == null ? "unrecorded" : timestampType, at);
    }
}
