package io.liaison.consumer;

import io.liaison.cluster.topics.RecordTimes;
import io.liaison.kernel.envelope.CopyVerification;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.envelope.Envelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An agency's inbox record as an {@link InboxItem}: opens the sealed copy with the agency's own
 * decryption keys and its data key from the agency's key topic (docs/encryption.md), decodes it and
 * its payload through the registry, and leaves every judgement to the kernel's
 * {@link CopyVerification} (attestation to this agency, backbone and sender signatures with both keys
 * judged when the broker appended the record, payload against the sender's commitments). A copy that
 * does not open is refused by name; nothing of it is handed out.
 */
public final class CopyVerifier {
    private final String agency;
    private final DecryptionKeys keys;
    private final Seal.KeyLookup dataKeys;
    private final CopyVerification verification;
    private final AvroCodec codec;
    private final CopyVerification.PayloadDecoder payloads;

    /**
     * @param keys     the agency's own private encryption keys; the agency is their owner
     * @param dataKeys the agency's key topic ({@link KeyTopic})
     */
    public CopyVerifier(DecryptionKeys keys, Seal.KeyLookup dataKeys, TrustStore trust, AvroCodec codec) {
        this.agency = keys.owner();
        this.keys = keys;
        this.dataKeys = dataKeys;
        this.verification = new CopyVerification(trust, CopyVerification.DEFAULT_MAX_APPEND_LAG);
        this.codec = codec;
        this.payloads = CopyVerification.PayloadDecoder.refusing(
                codec::decodeGeneric, WireFormatException.class, RegistryException.NotFound.class);
    }

    public String agency() {
        return agency;
    }

    /** A record of {@code inbox.<agency>}, judged at its log-append time (a producer-chosen timestamp is refused). */
    public InboxItem verify(ConsumerRecord<String, byte[]> record) {
        return verify(
                record.topic(),
                record.key(),
                record.value(),
                record.partition(),
                record.offset(),
                RecordTimes.of(record));
    }

    /**
     * Opens and verifies the record read from {@code topic} under record key {@code key}.
     *
     * @param appended the record's timestamp as the broker reports it
     */
    public InboxItem verify(String topic, String key, byte[] value, int partition, long offset, RecordTime appended) {
        Opening opening = Seal.open(value, topic, key, keys, dataKeys);
        if (opening instanceof Opening.Refused r) {
            return new InboxItem.Refused(key, r.reason(), r.detail(), partition, offset);
        }
        Opening.Opened opened = (Opening.Opened) opening;
        Envelope copy;
        try {
            copy = codec.decodeSpecific(opened.plaintext(), Envelope.class);
        } catch (WireFormatException | RegistryException.NotFound e) {
            return new InboxItem.Refused(key, RejectionReason.MALFORMED_ENVELOPE, e.getMessage(), partition, offset);
        }
        if (!copy.getMessageId().equals(opened.context().messageId())) {
            return new InboxItem.Refused(
                    key,
                    RejectionReason.SEAL_MISDIRECTED,
                    "the sealed copy of " + copy.getMessageId() + " is filed as "
                            + opened.context().messageId(),
                    partition,
                    offset);
        }
        CopyVerification.Result result = verification.verify(copy, agency, appended, payloads);
        if (result instanceof CopyVerification.Result.Refused r) {
            return new InboxItem.Refused(copy.getMessageId(), r.reason(), r.detail(), partition, offset);
        }
        CopyVerification.Result.Verified v = (CopyVerification.Result.Verified) result;
        return new InboxItem.Verified(
                copy,
                v.payload(),
                v.provenance(),
                partition,
                offset,
                opened.context().recipientKeyId());
    }
}
