package io.liaison.consumer;

import io.liaison.kernel.envelope.Provenance;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.schemas.envelope.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

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

        /**
         * The verified payload resolved to the contract version this consumer was built with
         * (Avro schema resolution): fields only the sender's version has are skipped, fields only
         * the reader has take their defaults. Verification always runs on the payload as written,
         * so a consumer on either version reads a copy that verified.
         *
         * @throws org.apache.avro.AvroTypeException if {@code reader} cannot read the sender's version
         */
        public GenericRecord payloadAs(Schema reader) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                new GenericDatumWriter<GenericRecord>(payload.getSchema()).write(payload, encoder);
                encoder.flush();
                return new GenericDatumReader<GenericRecord>(payload.getSchema(), reader)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            } catch (IOException e) {
                throw new UncheckedIOException("in-memory Avro round trip failed", e);
            }
        }
    }

    /** A copy that did not open or failed verification; never hand its content to users. */
    record Refused(String messageId, RejectionReason reason, String detail, int partition, long offset)
            implements InboxItem {}
}
