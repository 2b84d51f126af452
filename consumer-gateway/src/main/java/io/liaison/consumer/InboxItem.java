package io.liaison.consumer;

import io.liaison.kernel.envelope.Provenance;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.schemas.envelope.Envelope;
import org.apache.avro.generic.GenericRecord;

/** One record of an agency's inbox: a verified copy, or a copy the SDK refused and why. */
public sealed interface InboxItem {
    int partition();

    long offset();

    /**
     * A copy whose sender signature, field commitments and backbone attestation all verified.
     *
     * @param payload raw Avro values as written (timestamps as epoch millis, strings as Utf8)
     */
    record Verified(Envelope envelope, GenericRecord payload, Provenance provenance, int partition, long offset)
            implements InboxItem {
        public String messageId() {
            return envelope.getMessageId();
        }
    }

    /** A copy that failed verification; never hand its content to users. */
    record Refused(String messageId, RejectionReason reason, String detail, int partition, long offset)
            implements InboxItem {}
}
