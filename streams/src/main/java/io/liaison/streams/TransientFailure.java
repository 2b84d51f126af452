package io.liaison.streams;

/**
 * A failure of infrastructure (the registry is unreachable), not of the message: the record must
 * not be quarantined. Thrown out of the processor, it makes Kafka Streams replace the thread and
 * reprocess from the last committed offset, so nothing is lost and nothing is half-written.
 */
public final class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
