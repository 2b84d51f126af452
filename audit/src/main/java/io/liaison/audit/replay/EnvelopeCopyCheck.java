package io.liaison.audit.replay;

import io.liaison.kernel.envelope.Attestations;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.envelope.SenderVerifier;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.WireFormat;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.Envelope;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;

/**
 * Re-verifies a delivered envelope as its recipient would: the sender's signature (with keys valid
 * when the backbone decided), the backbone's attestation, that the attestation names the same
 * recipient, purpose and policy version as the audit record, and, when a payload decoder is
 * available (it needs the registry), the sender's field commitments over the delivered payload.
 */
public final class EnvelopeCopyCheck implements CopyCheck {
    private final TrustStore trust;
    private final Optional<Function<byte[], GenericRecord>> payloadDecoder;

    /**
     * @param trust          agency and backbone keys
     * @param payloadDecoder decodes the envelope's payload wire bytes; empty to skip the commitment check
     */
    public EnvelopeCopyCheck(TrustStore trust, Optional<Function<byte[], GenericRecord>> payloadDecoder) {
        this.trust = trust;
        this.payloadDecoder = payloadDecoder;
    }

    @Override
    public Verdict check(byte[] inboxValue, AuditRecord record) {
        Envelope envelope;
        try {
            envelope = WireFormat.decode(inboxValue, Envelope.getClassSchema(), Envelope.getClassSchema());
        } catch (WireFormatException e) {
            return Verdict.reject(RejectionReason.SIGNATURE_INVALID, "inbox copy is not an Envelope: " + e.getMessage());
        }
        Verdict sender = new SenderVerifier(trust).verify(envelope, record.getEventTime());
        if (!sender.accepted()) {
            return sender;
        }
        Verdict attestation = Attestations.verify(envelope, trust);
        if (!attestation.accepted()) {
            return attestation;
        }
        Attestation a = envelope.getAttestation();
        if (!Objects.equals(a.getRecipient(), record.getRecipient()) || !Objects.equals(a.getPurpose(), record.getPurpose())
                || !Objects.equals(a.getPolicyVersion(), record.getPolicyVersion())) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation (" + a.getRecipient() + ", " + a.getPurpose() + ", "
                    + a.getPolicyVersion() + ") disagrees with the audit record (" + record.getRecipient() + ", "
                    + record.getPurpose() + ", " + record.getPolicyVersion() + ")");
        }
        if (payloadDecoder.isEmpty()) {
            return Verdict.ACCEPTED;
        }
        GenericRecord payload = payloadDecoder.get().apply(FieldCommitments.bytes(envelope.getPayload()));
        return FieldCommitments.verify(payload, envelope.getCommitments(), Attestations.changedPaths(envelope));
    }
}
