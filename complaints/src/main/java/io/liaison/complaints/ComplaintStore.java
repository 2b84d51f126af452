package io.liaison.complaints;

import java.util.Optional;

/** Where filings go and statuses come from: Kafka in service ({@link KafkaComplaintStore}). */
public interface ComplaintStore extends AutoCloseable {
    /** The filing could not be stored: nothing was received, and the resident is told so. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes the filing durably (all three records or none) before returning. */
    void file(ComplaintRecords.Filing filing) throws Unavailable;

    Optional<ComplaintRecords.StatusEntry> status(String receipt);

    /** The receipt's inclusion proof file ({@code liaison-audit-proof/1}), once oversight published one. */
    Optional<byte[]> proof(String receipt);

    /** Empty when ready; else why not (e.g. the status topic is not read up to its end yet). */
    Optional<String> notReady();

    @Override
    void close();
}
