package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.envelope.BatchInclusion;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Checks that an envelope was signed by a currently trusted key of the agency it names. The trust
 * store and the instant are passed in. Payload commitments are checked separately
 * ({@link FieldCommitments#verify}), once the payload is decoded.
 *
 * <p><b>Batch roots.</b> A Merkle batch carries one Ed25519 signature for all its members, so
 * verifying it again for every member would cost one curve verification per message, the very
 * cost batching removes (BENCHMARKS.md). Once a member's signature verifies, this verifier
 * remembers the triple (public key, signed batch root, signature) in a small LRU; a later member
 * that recomputes the same root from its own canonical bytes and inclusion path, under the same
 * key, with the same signature, skips the curve arithmetic. Nothing else is skipped: the key's
 * status (revocation, validity, owner, role) is checked on every call before the cache is asked,
 * every member recomputes its root from its own bytes (a tampered member yields another root and
 * so a miss and a failing full verification), and only successful verifications are remembered.
 *
 * <p>Thread-safe: the Streams backbone shares one instance across its stream threads. The cache
 * is guarded by its own lock, held only for a map lookup or insert.
 */
public final class SenderVerifier {
    /** Enough for every batch in flight across all ingress partitions of one instance. */
    public static final int DEFAULT_BATCH_ROOT_CACHE_SIZE = 1024;

    /** A batch signature that verified: all of it is compared, so no part can be swapped. */
    private record VerifiedRoot(ByteBuffer publicKey, ByteBuffer signedRoot, ByteBuffer signature) {}

    private final TrustStore trust;
    private final int batchRootCacheSize;
    private final Map<VerifiedRoot, Boolean> verifiedRoots;

    public SenderVerifier(TrustStore trust) {
        this(trust, DEFAULT_BATCH_ROOT_CACHE_SIZE);
    }

    /** @param batchRootCacheSize how many verified batch roots to remember; 0 verifies every member in full */
    public SenderVerifier(TrustStore trust, int batchRootCacheSize) {
        if (batchRootCacheSize < 0) {
            throw new IllegalArgumentException("batchRootCacheSize must be at least 0, was " + batchRootCacheSize);
        }
        this.trust = trust;
        this.batchRootCacheSize = batchRootCacheSize;
        this.verifiedRoots = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<VerifiedRoot, Boolean> eldest) {
                return size() > batchRootCacheSize;
            }
        };
    }

    /**
     * Escalations are the one message the backbone issues itself (the command processor, when a
     * directive goes unanswered): sender {@value #BACKBONE_ISSUER}, signed with its attestation key.
     * Nothing else may name that sender, and no agency key signs an Escalation ({@code Backbone}
     * refuses one at ingress, because no agency may publish it).
     */
    public static final String BACKBONE_ISSUER = "backbone";

    private static boolean issuedByBackbone(Envelope e) {
        return BACKBONE_ISSUER.equals(e.getSenderAgency()) && LiaisonSchemas.ESCALATION.equals(e.getMessageType());
    }

    public Verdict verify(Envelope e, Instant now) {
        return verify(SenderInput.of(e), now);
    }

    /** As {@link #verify(Envelope, Instant)}, for an envelope whose signing input the caller reads again. */
    public Verdict verify(SenderInput input, Instant now) {
        Envelope e = input.envelope();
        KeyStatus status = trust.status(e.getKeyId(), now);
        if (status instanceof KeyStatus.Valid v) {
            KeyRole expected = issuedByBackbone(e) ? KeyRole.BACKBONE_ATTESTATION : KeyRole.AGENCY_SIGNING;
            if (v.key().role() != expected || !v.key().owner().equals(e.getSenderAgency())) {
                return Verdict.reject(
                        RejectionReason.SENDER_KEY_MISMATCH,
                        "key " + e.getKeyId() + " belongs to " + v.key().owner() + " ("
                                + v.key().role() + "), not to sender " + e.getSenderAgency());
            }
            return checkSignature(input, v.key().publicKey());
        }
        if (status instanceof KeyStatus.Revoked r) {
            return Verdict.reject(
                    RejectionReason.KEY_REVOKED,
                    "key " + e.getKeyId() + " revoked at " + r.revokedAt()
                            + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
        if (status instanceof KeyStatus.OutsideValidity o) {
            return Verdict.reject(
                    RejectionReason.CERTIFICATE_EXPIRED,
                    "certificate of key " + e.getKeyId() + " is valid from "
                            + o.key().notBefore() + " to " + o.key().notAfter() + ", not at " + now);
        }
        return trust.knowsOwner(e.getSenderAgency())
                ? Verdict.reject(RejectionReason.UNKNOWN_KEY, "key " + e.getKeyId() + " is not trusted")
                : Verdict.reject(
                        RejectionReason.UNKNOWN_AGENCY, "agency " + e.getSenderAgency() + " has no trusted key");
    }

    private Verdict checkSignature(SenderInput input, Ed25519PublicKeyParameters key) {
        Envelope e = input.envelope();
        SenderSignature sig = e.getSignature();
        if (sig == null || !Ed25519.ALGORITHM.equals(sig.getAlgorithm())) {
            return Verdict.reject(RejectionReason.SIGNATURE_INVALID, "algorithm must be " + Ed25519.ALGORITHM);
        }
        byte[] canonical = input.canonical();
        byte[] signature = bytes(sig.getValue());
        BatchInclusion batch = sig.getBatch();
        if (batch == null) {
            return verdict(e, Ed25519.verify(key, canonical, signature));
        }
        List<byte[]> path =
                batch.getPath().stream().map(FieldCommitments::bytes).toList();
        byte[] root = MerkleTree.rootFromInclusionPath(
                MerkleTree.leafHash(canonical), batch.getLeafIndex(), batch.getBatchSize(), path);
        if (root == null) {
            return Verdict.reject(RejectionReason.SIGNATURE_INVALID, "batch inclusion path is malformed");
        }
        byte[] signedRoot = SigningInputs.batchRoot(batch.getBatchSize(), root);
        VerifiedRoot candidate = new VerifiedRoot(
                ByteBuffer.wrap(key.getEncoded()), ByteBuffer.wrap(signedRoot), ByteBuffer.wrap(signature));
        if (isVerified(candidate)) {
            return Verdict.ACCEPTED;
        }
        boolean valid = Ed25519.verify(key, signedRoot, signature);
        if (valid) {
            remember(candidate);
        }
        return verdict(e, valid);
    }

    private boolean isVerified(VerifiedRoot root) {
        if (batchRootCacheSize == 0) {
            return false;
        }
        synchronized (verifiedRoots) {
            return verifiedRoots.get(root) != null;
        }
    }

    private void remember(VerifiedRoot root) {
        if (batchRootCacheSize == 0) {
            return;
        }
        synchronized (verifiedRoots) {
            verifiedRoots.put(root, Boolean.TRUE);
        }
    }

    /** How many verified batch roots are remembered now; for tests of the bound. */
    int rememberedBatchRoots() {
        synchronized (verifiedRoots) {
            return verifiedRoots.size();
        }
    }

    private static Verdict verdict(Envelope e, boolean valid) {
        return valid
                ? Verdict.ACCEPTED
                : Verdict.reject(
                        RejectionReason.SIGNATURE_INVALID,
                        "signature of message " + e.getMessageId() + " does not verify");
    }

    private static byte[] bytes(ByteBuffer b) {
        return b == null ? new byte[0] : FieldCommitments.bytes(b);
    }
}
