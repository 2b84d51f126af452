package io.liaison.consumer;

import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.envelope.SenderVerifier;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * Checks a recipient copy end to end: the backbone's attestation (addressed to this agency, signed
 * by a trusted backbone key), the sender's signature (by a key valid when the backbone released the
 * copy), and every payload field against the sender's commitments, accepting a changed field only
 * where the attestation declares the change.
 */
public final class CopyVerifier {
    private final String agency;
    private final TrustStore trust;
    private final SenderVerifier senderVerifier;
    private final AvroCodec codec;

    public CopyVerifier(String agency, TrustStore trust, AvroCodec codec) {
        this.agency = agency;
        this.trust = trust;
        this.senderVerifier = new SenderVerifier(trust);
        this.codec = codec;
    }

    public InboxItem verify(byte[] value, int partition, long offset) {
        Envelope copy;
        try {
            copy = codec.decodeSpecific(value, Envelope.class);
        } catch (WireFormatException | RegistryException.NotFound e) {
            return new InboxItem.Refused(null, RejectionReason.MALFORMED_ENVELOPE, e.getMessage(), partition, offset);
        }
        String id = copy.getMessageId();
        Attestation attestation = copy.getAttestation();
        if (attestation == null || !agency.equals(attestation.getRecipient())) {
            return new InboxItem.Refused(id, RejectionReason.ATTESTATION_INVALID, "copy is not attested to "
                    + agency + (attestation == null ? "" : " but to " + attestation.getRecipient()), partition, offset);
        }
        Verdict v = Attestations.verify(copy, trust);
        if (v instanceof Verdict.Rejected r) {
            return new InboxItem.Refused(id, r.reason(), r.detail(), partition, offset);
        }
        v = senderVerifier.verify(copy, attestation.getAttestedAt());
        if (v instanceof Verdict.Rejected r) {
            return new InboxItem.Refused(id, r.reason(), r.detail(), partition, offset);
        }
        GenericRecord payload;
        try {
            payload = codec.decodeGeneric(FieldCommitments.bytes(copy.getPayload()));
        } catch (WireFormatException | RegistryException.NotFound e) {
            return new InboxItem.Refused(id, RejectionReason.MALFORMED_PAYLOAD, e.getMessage(), partition, offset);
        }
        v = FieldCommitments.verify(payload, copy.getCommitments(), Attestations.changedPaths(copy));
        if (v instanceof Verdict.Rejected r) {
            return new InboxItem.Refused(id, r.reason(), r.detail(), partition, offset);
        }
        Map<String, String> changed = new LinkedHashMap<>();
        for (FieldAction a : attestation.getActions()) {
            changed.put(a.getPath(), a.getAction());
        }
        Provenance provenance = new Provenance(copy.getSenderAgency(), copy.getMessageType(), copy.getCreatedAt(),
                attestation.getPurpose(), attestation.getPolicyVersion(), attestation.getRuleIds(), changed,
                attestation.getAttestedAt());
        return new InboxItem.Verified(copy, payload, provenance, partition, offset);
    }
}
