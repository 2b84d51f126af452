package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.AttestationBatch;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import io.liaison.schemas.envelope.FieldCommitment;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
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
    private Attestations() {}

    /** What the policy decided for one recipient, in the terms the attestation records. */
    public record Delivery(
            String recipient,
            String purpose,
            String policyVersion,
            List<String> ruleIds,
            Map<String, String> actionsByPath) {
        public Delivery {
            ruleIds = List.copyOf(ruleIds);
            actionsByPath = Map.copyOf(actionsByPath);
        }
    }

    /**
     * One recipient copy to attest.
     *
     * @param slot             the recipient's position among all recipients the policy decided for
     *                         this message (its leaf in the batch tree)
     * @param deliveredPayload the copy's payload, Confluent wire bytes
     */
    public record Copy(int slot, byte[] deliveredPayload, Delivery delivery) {}

    /** Nonces of batch leaves, and the random leaves of slots without a copy. */
    private static final int NONCE_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A recipient copy of {@code original} carrying {@code deliveredPayload} (Confluent wire bytes),
     * with salts removed for every changed path and a signed attestation.
     */
    public static Envelope attest(
            SigningIdentity backbone, Envelope original, byte[] deliveredPayload, Delivery delivery, Instant now) {
        return attestAll(
                        backbone,
                        original,
                        SigningInputs.originalDigest(original),
                        List.of(new Copy(0, deliveredPayload, delivery)),
                        1,
                        now)
                .get(0);
    }

    /**
     * All recipient copies of one message under <b>one</b> Ed25519 signature: with more than one
     * slot, the backbone signs the RFC 6962 root over one leaf per slot, and each copy carries its
     * nonce and inclusion path, so it still verifies on its own. Slots without a copy (recipients
     * the policy denied) get random leaves, so a recipient learns neither who else received the
     * message nor anything about their copies. One signature per message instead of one per copy:
     * the attestation signatures were 20% of the backbone thread (BENCHMARKS.md).
     *
     * @param slots how many recipients the policy decided for (at least every copy's slot + 1)
     * @return the copies, in the order of {@code copies}
     */
    public static List<Envelope> attestAll(
            SigningIdentity backbone,
            Envelope original,
            byte[] originalDigest,
            List<Copy> copies,
            int slots,
            Instant now) {
        List<Attestation> attestations = new ArrayList<>(copies.size());
        List<byte[]> inputs = new ArrayList<>(copies.size());
        for (Copy copy : copies) {
            if (copy.slot() < 0 || copy.slot() >= slots) {
                throw new IllegalArgumentException("slot " + copy.slot() + " is outside 0.." + (slots - 1));
            }
            Attestation a = unsigned(backbone, originalDigest, copy.delivery(), now);
            attestations.add(a);
            inputs.add(SigningInputs.attestation(a, copy.deliveredPayload()));
        }
        if (slots == 1) {
            attestations.get(0).setSignature(ByteBuffer.wrap(backbone.sign(inputs.get(0))));
        } else {
            signBatch(backbone, copies, attestations, inputs, slots);
        }
        List<Envelope> out = new ArrayList<>(copies.size());
        for (int i = 0; i < copies.size(); i++) {
            out.add(copyOf(original, copies.get(i), attestations.get(i)));
        }
        return out;
    }

    private static void signBatch(
            SigningIdentity backbone,
            List<Copy> copies,
            List<Attestation> attestations,
            List<byte[]> inputs,
            int slots) {
        byte[][] leaves = new byte[slots][];
        byte[][] nonces = new byte[copies.size()][];
        for (int i = 0; i < copies.size(); i++) {
            int slot = copies.get(i).slot();
            if (leaves[slot] != null) {
                throw new IllegalArgumentException("two copies for slot " + slot);
            }
            nonces[i] = randomBytes();
            leaves[slot] = MerkleTree.leafHash(SigningInputs.attestationLeaf(nonces[i], inputs.get(i)));
        }
        for (int slot = 0; slot < slots; slot++) {
            if (leaves[slot] == null) {
                leaves[slot] = randomBytes(); // a recipient the policy denied
            }
        }
        List<byte[]> tree = List.of(leaves);
        byte[] root = MerkleTree.root(tree);
        ByteBuffer signature = ByteBuffer.wrap(backbone.sign(SigningInputs.attestationBatchRoot(slots, root)));
        List<List<byte[]>> paths = MerkleTree.inclusionPaths(tree);
        for (int i = 0; i < copies.size(); i++) {
            int slot = copies.get(i).slot();
            List<ByteBuffer> path =
                    paths.get(slot).stream().map(ByteBuffer::wrap).collect(Collectors.toCollection(ArrayList::new));
            attestations.get(i).setSignature(signature.duplicate());
            attestations.get(i).setBatch(new AttestationBatch(slot, slots, ByteBuffer.wrap(nonces[i]), path));
        }
    }

    private static Attestation unsigned(
            SigningIdentity backbone, byte[] originalDigest, Delivery delivery, Instant now) {
        List<FieldAction> actions = delivery.actionsByPath().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(en -> new FieldAction(en.getKey(), en.getValue()))
                .collect(Collectors.toCollection(ArrayList::new));
        return Attestation.newBuilder()
                .setRecipient(delivery.recipient())
                .setPurpose(delivery.purpose())
                .setPolicyVersion(delivery.policyVersion())
                .setRuleIds(new ArrayList<>(delivery.ruleIds()))
                .setActions(actions)
                .setOriginalDigest(ByteBuffer.wrap(originalDigest))
                .setAttestedAt(now)
                .setKeyId(backbone.keyId())
                .setSignature(ByteBuffer.allocate(0)) // not part of its own signing input; set once signed
                .setBatch(null)
                .build();
    }

    /**
     * The original's header and sender signature, shared rather than deep-copied (the copy is
     * encoded at once and nothing mutates either), with the delivered payload, the salts of changed
     * fields removed, and the attestation.
     */
    private static Envelope copyOf(Envelope original, Copy copy, Attestation attestation) {
        List<FieldCommitment> commitments =
                new ArrayList<>(original.getCommitments().size());
        for (FieldCommitment c : original.getCommitments()) {
            boolean changed = copy.delivery().actionsByPath().containsKey(c.getPath());
            commitments.add(changed ? new FieldCommitment(c.getPath(), c.getDigest(), null) : c);
        }
        return new Envelope(
                original.getMessageId(),
                original.getSenderAgency(),
                original.getKeyId(),
                original.getCreatedAt(),
                original.getMessageType(),
                original.getClassification(),
                original.getCaveats(),
                original.getReleasability(),
                ByteBuffer.wrap(copy.deliveredPayload()),
                commitments,
                original.getSignature(),
                attestation);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[NONCE_BYTES];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * Checks the attestation's signature by a backbone key trusted at {@code at}: the instant the
     * broker appended the copy, never the {@code attestedAt} the signer wrote (see
     * {@link CopyVerification}).
     */
    public static Verdict verify(Envelope copy, TrustStore trust, Instant at) {
        Attestation a = copy.getAttestation();
        if (a == null) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "recipient copy has no attestation");
        }
        KeyStatus status = trust.status(a.getKeyId(), at);
        if (status instanceof KeyStatus.Revoked r && r.key().role() == KeyRole.BACKBONE_ATTESTATION) {
            return Verdict.reject(
                    RejectionReason.KEY_REVOKED,
                    "backbone key " + a.getKeyId() + " was revoked at " + r.revokedAt() + " (" + r.reason()
                            + "), at or before " + at);
        }
        if (!(status instanceof KeyStatus.Valid v) || v.key().role() != KeyRole.BACKBONE_ATTESTATION) {
            return Verdict.reject(
                    RejectionReason.ATTESTATION_INVALID,
                    "attestation key " + a.getKeyId() + " is not a backbone key valid at " + at);
        }
        byte[] signed = signedBytes(copy);
        if (signed == null) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation batch inclusion path is malformed");
        }
        if (!Ed25519.verify(v.key().publicKey(), signed, FieldCommitments.bytes(a.getSignature()))) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation signature does not verify");
        }
        byte[] original = SigningInputs.originalDigest(copy);
        if (!java.security.MessageDigest.isEqual(original, FieldCommitments.bytes(a.getOriginalDigest()))) {
            return Verdict.reject(RejectionReason.ATTESTATION_INVALID, "attestation names another original message");
        }
        return Verdict.ACCEPTED;
    }

    /**
     * What the attestation's signature must cover for this copy: its attestation input (§6 of
     * docs/signing.md), or the batch root recomputed from it and its inclusion path (§6.1); null if
     * the path is malformed.
     */
    public static byte[] signedBytes(Envelope copy) {
        Attestation a = copy.getAttestation();
        byte[] input = SigningInputs.attestation(a, FieldCommitments.bytes(copy.getPayload()));
        AttestationBatch batch = a.getBatch();
        if (batch == null) {
            return input;
        }
        List<byte[]> path =
                batch.getPath().stream().map(FieldCommitments::bytes).toList();
        byte[] leaf =
                MerkleTree.leafHash(SigningInputs.attestationLeaf(FieldCommitments.bytes(batch.getNonce()), input));
        byte[] root = MerkleTree.rootFromInclusionPath(leaf, batch.getLeafIndex(), batch.getBatchSize(), path);
        return root == null ? null : SigningInputs.attestationBatchRoot(batch.getBatchSize(), root);
    }

    /** Paths the attestation declares changed. */
    public static Set<String> changedPaths(Envelope copy) {
        Attestation a = copy.getAttestation();
        return a == null
                ? Set.of()
                : a.getActions().stream().map(FieldAction::getPath).collect(Collectors.toUnmodifiableSet());
    }
}
