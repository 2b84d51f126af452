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
     * A copy that opened with the agency's own key and whose sender signature, field commitments
     * and backbone attestation all verified.
     *
     * @param payload        raw Avro values as written (timestamps as epoch millis, strings as Utf8)
     * @param decryptionKeyId the agency's encryption key the copy was sealed to and opened with
     */
    record Verified(
            Envelope envelope,
            GenericRecord payload,
            Provenance provenance,
            int partition,
            long offset,
            String decryptionKeyId)
            implements InboxItem {
        public String messageId() {
            return envelope.getMessageId();
        }
    }

    /** A copy that did not open or failed verification; never hand its content to users. */
    record Refused(String messageId, RejectionReason reason, String detail, int partition, long offset)
            implements InboxItem {}
}
