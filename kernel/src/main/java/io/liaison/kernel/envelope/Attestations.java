package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import io.liaison.schemas.envelope.FieldCommitment;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The backbone's side of a recipient copy: it replaces the payload, strips the salts of every field
 * it changed, and signs an {@link Attestation} naming those changes. A recipient trusts the sender
 * for content and the backbone only for what the attestation lists.
 */
public final class Attestations {
    static {
        LiaisonSchemas.trustGeneratedClasses(); // Envelope.newBuilder(original) deep-copies generated classes
    }

    private Attestations() {}

    /** What the policy decided for one recipient, in the terms the attestation records. */
    public record Delivery(String recipient, String purpose, String policyVersion, List<String> ruleIds,
                           Map<String, String> actionsByPath) {
        public Delivery {
            ruleIds = List.copyOf(ruleIds);
            actionsByPath = Map.copyOf(actionsByPath);
        }
    }

    /**
     * A recipient copy of {@code original} carrying {@code deliveredPayload} (Confluent wire bytes),
     * with salts removed for every changed path and a signed attestation.
     */
    public static Envelope attest(SigningIdentity backbone, Envelope original, byte[] deliveredPayload,
                                  Delivery delivery, Instant now) {
        return attest(backbone, original, SigningInputs.originalDigest(original), deliveredPayload, delivery, now);
    }

    /**
     * As {@link #attest(SigningIdentity, Envelope, byte[], Delivery, Instant)}, with the original's
     * digest computed once by the caller: the backbone attests one message for several recipients.
     */
    public static Envelope attest(SigningIdentity backbone, Envelope original, byte[] originalDigest,
                                  byte[] deliveredPayload, Delivery delivery, Instant now) {
        List<FieldCommitment> commitments = new ArrayList<>(original.getCommitments().size());
        for (FieldCommitment c : original.getCommitments()) {
            boolean changed = delivery.actionsByPath().containsKey(c.getPath());
            commitments.add(new FieldCommitment(c.getPath(), c.getDigest(), changed ? null : c.getSalt()));
        }
        List<FieldAction> actions = delivery.actionsByPath().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(en -> new FieldAction(en.getKey(), en.getValue()))
                .collect(Collectors.toCollection(ArrayList::new));
        Attestation attestation = Attestation.newBuilder()
                .setRecipient(delivery.recipient())
                .setPurpose(delivery.purpose())
                .setPolicyVersion(delivery.policyVersion())
                .setRuleIds(new ArrayList<>(delivery.ruleIds()))
                .setActions(actions)
                .setOriginalDigest(ByteBuffer.wrap(originalDigest))
                .setAttestedAt(now)
                .setKeyId(backbone.keyId())
                .setSignature(ByteBuffer.allocate(0)) // not part of its own signing input; replaced below
                .build();
        attestation.setSignature(ByteBuffer.wrap(backbone.sign(SigningInputs.attestation(attestation, deliveredPayload))));
        return Envelope.newBuilder(original)
                .setPayload(ByteBuffer.wrap(deliveredPayload))
                .setCommitments(commitments)
                .setAttestation(attestation)
                .build();
    }

    /** Checks the attestation's signature by a backbone key trusted at attestation time. */
    public static Verdict verify(Envelope copy, TrustStore trust) {
        Attestation a = copy.getAttestation();
        if (a == null) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "recipient copy has no attestation");
        }
        KeyStatus status = trust.status(a.getKeyId(), a.getAttestedAt());
        if (!(status instanceof KeyStatus.Valid v) || v.key().role() != KeyRole.BACKBONE_ATTESTATION) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation key " + a.getKeyId()
                    + " is not a backbone key valid at " + a.getAttestedAt());
        }
        byte[] input = SigningInputs.attestation(a, FieldCommitments.bytes(copy.getPayload()));
        if (!Ed25519.verify(v.key().publicKey(), input, FieldCommitments.bytes(a.getSignature()))) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation signature does not verify");
        }
        byte[] original = SigningInputs.originalDigest(copy);
        if (!java.security.MessageDigest.isEqual(original, FieldCommitments.bytes(a.getOriginalDigest()))) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation names another original message");
        }
        return Verdict.ACCEPTED;
    }

    /** Paths the attestation declares changed. */
    public static Set<String> changedPaths(Envelope copy) {
        Attestation a = copy.getAttestation();
        return a == null ? Set.of() : a.getActions().stream().map(FieldAction::getPath).collect(Collectors.toUnmodifiableSet());
    }
}
