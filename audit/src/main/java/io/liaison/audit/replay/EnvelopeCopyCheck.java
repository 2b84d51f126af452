package io.liaison.audit.replay;

import io.liaison.kernel.envelope.CopyVerification;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.envelope.Verdict;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.RegistryException;
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
 * Re-verifies a delivered copy exactly as its recipient does, with the kernel's
 * {@link CopyVerification} (both keys judged when the broker appended the inbox record, not at the
 * audit record's time nor at the {@code attestedAt} the backbone wrote), then checks what only the
 * auditor has: that the attestation names the same purpose and policy version as the audit record.
 * Without a payload decoder (it needs the registry) the payload is not compared with the sender's
 * commitments.
 */
public final class EnvelopeCopyCheck implements CopyCheck {
    private final CopyVerification verification;
    private final Optional<CopyVerification.PayloadDecoder> payloads;

    /**
     * @param trust          agency and backbone keys
     * @param payloadDecoder decodes the envelope's payload wire bytes; empty to skip the commitment check
     */
    public EnvelopeCopyCheck(TrustStore trust, Optional<Function<byte[], GenericRecord>> payloadDecoder) {
        this.verification = new CopyVerification(trust, CopyVerification.DEFAULT_MAX_APPEND_LAG);
        this.payloads = payloadDecoder.map(decode -> CopyVerification.PayloadDecoder.refusing(
                decode, WireFormatException.class, RegistryException.NotFound.class));
    }

    @Override
    public Verdict check(InboxCopy inboxCopy, AuditRecord record) {
        Envelope copy;
        try {
            copy = WireFormat.decode(inboxCopy.value(), Envelope.getClassSchema(), Envelope.getClassSchema());
        } catch (WireFormatException e) {
            return Verdict.reject(
                    RejectionReason.MALFORMED_ENVELOPE, "inbox copy is not an Envelope: " + e.getMessage());
        }
        Verdict verified = payloads.isEmpty()
                ? verification.verifySignatures(copy, record.getRecipient(), inboxCopy.appended())
                : verdict(verification.verify(copy, record.getRecipient(), inboxCopy.appended(), payloads.get()));
        if (!verified.accepted()) {
            return verified;
        }
        Attestation a = copy.getAttestation();
        if (!Objects.equals(a.getPurpose(), record.getPurpose())
                || !Objects.equals(a.getPolicyVersion(), record.getPolicyVersion())) {
            return Verdict.reject(
                    RejectionReason.ATTESTATION_INVALID,
                    "attestation (" + a.getRecipient() + ", " + a.getPurpose() + ", "
                            + a.getPolicyVersion() + ") disagrees with the audit record (" + record.getRecipient()
                            + ", "
                            + record.getPurpose() + ", " + record.getPolicyVersion() + ")");
        }
        return Verdict.ACCEPTED;
    }

    private static Verdict verdict(CopyVerification.Result result) {
        return result instanceof CopyVerification.Result.Refused r
                ? Verdict.reject(r.reason(), r.detail())
                : Verdict.ACCEPTED;
    }
}
