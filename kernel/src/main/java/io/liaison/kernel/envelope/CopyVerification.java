package io.liaison.kernel.envelope;

import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;

/**
 * Verifies one recipient copy end to end, the one implementation behind the consumer SDK, the
 * consumer gateway and the auditor's replay: the copy is attested to the expected recipient, the
 * backbone's attestation verifies, the sender's signature verifies, and every payload field
 * matches the sender's commitment unless the attestation declares it changed.
 *
 * <p><b>When keys are judged</b> (docs/signing.md §8): the backbone key and the sender's key are
 * both judged at the instant the broker appended the copy to the recipient's inbox (the record's
 * log-append time), never at a time a signer wrote. {@code attestedAt} is chosen by whoever holds
 * the backbone key, so a thief could backdate it to before the key's revocation; the append time is
 * stamped by the broker ({@code message.timestamp.type=LogAppendTime} on every inbox topic), so a
 * record whose timestamp its producer chose is refused ({@link RejectionReason#NOT_LOG_APPEND_TIME}),
 * and a copy attested more than {@code maxAppendLag} before its append is refused
 * ({@link RejectionReason#ATTESTATION_BACKDATED}). No clock is read here: a copy's verdict never
 * changes with the day it is verified, only with the trust store.
 *
 * <p>Thread-safe if the trust store is; one instance keeps one {@link SenderVerifier}, whose
 * batch-root cache spares repeated curve arithmetic for members of one sender batch.
 */
public final class CopyVerification {

    /** The verdict on a copy: verified with what it proves, or refused with a reason code. */
    public sealed interface Result {
        /** @param payload raw Avro values as the caller's decoder read them */
        record Verified(Provenance provenance, GenericRecord payload) implements Result {}

        record Refused(RejectionReason reason, String detail) implements Result {
            public String sentence() {
                return reason.description() + ": " + detail;
            }
        }
    }

    /** A copy's payload as the caller's decoder read it: the kernel holds no schema registry. */
    public sealed interface Payload {
        record Decoded(GenericRecord record) implements Payload {}

        /** The bytes are not a payload under their schema id; the copy is refused as MALFORMED_PAYLOAD. */
        record Undecodable(String why) implements Payload {}
    }

    /**
     * Decodes a copy's payload (Confluent wire bytes) with its writer schema. A failure that says
     * nothing about the bytes, such as an unreachable registry, is thrown rather than returned, so
     * that it is not mistaken for a bad copy.
     */
    @FunctionalInterface
    public interface PayloadDecoder {
        Payload decode(byte[] wire);

        /**
         * A decoder over {@code decode} for which an exception of one of the {@code malformed}
         * types means the bytes are not a payload (refused, with its message); any other is thrown.
         */
        @SafeVarargs
        static PayloadDecoder refusing(
                Function<byte[], GenericRecord> decode, Class<? extends RuntimeException>... malformed) {
            List<Class<? extends RuntimeException>> types = List.of(malformed);
            return wire -> {
                try {
                    return new Payload.Decoded(decode.apply(wire));
                } catch (RuntimeException e) {
                    if (types.stream().anyMatch(type -> type.isInstance(e))) {
                        return new Payload.Undecodable(e.getMessage());
                    }
                    throw e;
                }
            };
        }
    }

    /**
     * How long before its append a copy may have been attested: the backbone attests and writes in
     * one transaction, so only a stuck transaction or the backbone's clock being ahead of the
     * broker's takes longer; the backbone's default clock-skew bound.
     */
    public static final Duration DEFAULT_MAX_APPEND_LAG = Duration.ofMinutes(5);

    private final TrustStore trust;
    private final Duration maxAppendLag;
    private final SenderVerifier senderVerifier;

    /** @param maxAppendLag how much earlier than its append a copy may say it was attested */
    public CopyVerification(TrustStore trust, Duration maxAppendLag) {
        if (maxAppendLag.isNegative()) {
            throw new IllegalArgumentException("maxAppendLag must not be negative, was " + maxAppendLag);
        }
        this.trust = trust;
        this.maxAppendLag = maxAppendLag;
        this.senderVerifier = new SenderVerifier(trust);
    }

    /**
     * Every check, in order: the append time, recipient and attestation, sender signature, payload
     * against the commitments.
     *
     * @param appended the inbox record's timestamp, as the broker reports it
     */
    public Result verify(Envelope copy, String recipient, RecordTime appended, PayloadDecoder decoder) {
        if (verifySignatures(copy, recipient, appended) instanceof Verdict.Rejected r) {
            return new Result.Refused(r.reason(), r.detail());
        }
        Payload decoded = decoder.decode(FieldCommitments.bytes(copy.getPayload()));
        if (decoded instanceof Payload.Undecodable u) {
            return new Result.Refused(RejectionReason.MALFORMED_PAYLOAD, u.why());
        }
        GenericRecord payload = ((Payload.Decoded) decoded).record();
        if (FieldCommitments.verify(payload, copy.getCommitments(), Attestations.changedPaths(copy))
                instanceof Verdict.Rejected r) {
            return new Result.Refused(r.reason(), r.detail());
        }
        return new Result.Verified(provenance(copy, appended.at()), payload);
    }

    /**
     * The checks that need no payload decoding: the record's time is the broker's, the copy is
     * attested to {@code recipient} no longer before its append than allowed, the attestation
     * verifies, and the sender's signature verifies, both keys judged at the append time. The
     * payload itself is not compared with the commitments: for an auditor without the schema
     * registry, who says so; everyone else calls {@link #verify}.
     */
    public Verdict verifySignatures(Envelope copy, String recipient, RecordTime appended) {
        if (appended instanceof RecordTime.ProducerChosen chosen) {
            return Verdict.reject(
                    RejectionReason.NOT_LOG_APPEND_TIME,
                    "the inbox record's timestamp " + chosen.at() + " is " + chosen.type()
                            + "; its topic must set message.timestamp.type=LogAppendTime");
        }
        Instant at = appended.at();
        Attestation attestation = copy.getAttestation();
        if (attestation == null || !recipient.equals(attestation.getRecipient())) {
            return Verdict.reject(
                    RejectionReason.ATTESTATION_INVALID,
                    "copy is not attested to " + recipient
                            + (attestation == null ? "" : " but to " + attestation.getRecipient()));
        }
        Duration lag = Duration.between(attestation.getAttestedAt(), at);
        if (lag.compareTo(maxAppendLag) > 0) {
            return Verdict.reject(
                    RejectionReason.ATTESTATION_BACKDATED,
                    "attested at " + attestation.getAttestedAt() + " but appended at " + at + ", " + lag
                            + " later; the bound is " + maxAppendLag);
        }
        Verdict backbone = Attestations.verify(copy, trust, at);
        if (!backbone.accepted()) {
            return backbone;
        }
        return senderVerifier.verify(copy, at);
    }

    private static Provenance provenance(Envelope copy, Instant appendedAt) {
        Attestation a = copy.getAttestation();
        Map<String, String> changed = new LinkedHashMap<>();
        for (FieldAction action : a.getActions()) {
            changed.put(action.getPath(), action.getAction());
        }
        return new Provenance(
                copy.getSenderAgency(),
                copy.getMessageType(),
                copy.getCreatedAt(),
                a.getPurpose(),
                a.getPolicyVersion(),
                a.getRuleIds(),
                changed,
                a.getAttestedAt(),
                appendedAt);
    }
}
