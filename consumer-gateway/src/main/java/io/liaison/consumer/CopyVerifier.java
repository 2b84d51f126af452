package io.liaison.consumer;

import io.liaison.cluster.topics.RecordTimes;
import io.liaison.kernel.envelope.CopyVerification;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.envelope.Envelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An agency's inbox record as an {@link InboxItem}: decodes the copy and its payload through the
 * registry and leaves every judgement to the kernel's {@link CopyVerification} (attestation to this
 * agency, backbone and sender signatures with both keys judged when the broker appended the record,
 * payload against the sender's commitments).
 */
public final class CopyVerifier {
    private final String agency;
    private final CopyVerification verification;
    private final AvroCodec codec;
    private final CopyVerification.PayloadDecoder payloads;

    public CopyVerifier(String agency, TrustStore trust, AvroCodec codec) {
        this.agency = agency;
        this.verification = new CopyVerification(trust, CopyVerification.DEFAULT_MAX_APPEND_LAG);
        this.codec = codec;
        this.payloads = CopyVerification.PayloadDecoder.refusing(
                codec::decodeGeneric, WireFormatException.class, RegistryException.NotFound.class);
    }

    /** A record of {@code inbox.<agency>}, judged at its log-append time (a producer-chosen timestamp is refused). */
    public InboxItem verify(ConsumerRecord<?, byte[]> record) {
        return verify(record.value(), record.partition(), record.offset(), RecordTimes.of(record));
    }

    /** @param appended the record's timestamp as the broker reports it */
    public InboxItem verify(byte[] value, int partition, long offset, RecordTime appended) {
        Envelope copy;
        try {
            copy = codec.decodeSpecific(value, Envelope.class);
        } catch (WireFormatException | RegistryException.NotFound e) {
            return new InboxItem.Refused(null, RejectionReason.MALFORMED_ENVELOPE, e.getMessage(), partition, offset);
        }
        CopyVerification.Result result = verification.verify(copy, agency, appended, payloads);
        if (result instanceof CopyVerification.Result.Refused r) {
            return new InboxItem.Refused(copy.getMessageId(), r.reason(), r.detail(), partition, offset);
        }
        CopyVerification.Result.Verified v = (CopyVerification.Result.Verified) result;
        return new InboxItem.Verified(copy, v.payload(), v.provenance(), partition, offset);
    }
}
