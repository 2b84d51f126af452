package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.schemas.envelope.BatchInclusion;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Checks that an envelope was signed by a currently trusted key of the agency it names. Pure: the
 * trust store and the instant are passed in. Payload commitments are checked separately
 * ({@link FieldCommitments#verify}), once the payload is decoded.
 */
public final class SenderVerifier {
    private final TrustStore trust;

    public SenderVerifier(TrustStore trust) {
        this.trust = trust;
    }

    public Verdict verify(Envelope e, Instant now) {
        KeyStatus status = trust.status(e.getKeyId(), now);
        if (status instanceof KeyStatus.Valid v) {
            if (v.key().role() != KeyRole.AGENCY_SIGNING || !v.key().owner().equals(e.getSenderAgency())) {
                return Verdict.reject(RejectionReason.SENDER_KEY_MISMATCH, "key " + e.getKeyId() + " belongs to "
                        + v.key().owner() + " (" + v.key().role() + "), not to sender " + e.getSenderAgency());
            }
            return checkSignature(e, v.key().publicKey());
        }
        if (status instanceof KeyStatus.Revoked r) {
            return Verdict.reject(RejectionReason.KEY_REVOKED, "key " + e.getKeyId() + " revoked at " + r.revokedAt()
                    + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
        if (status instanceof KeyStatus.OutsideValidity o) {
            return Verdict.reject(RejectionReason.CERTIFICATE_EXPIRED, "certificate of key " + e.getKeyId()
                    + " is valid from " + o.key().notBefore() + " to " + o.key().notAfter() + ", not at " + now);
        }
        return trust.knowsOwner(e.getSenderAgency())
                ? Verdict.reject(RejectionReason.UNKNOWN_KEY, "key " + e.getKeyId() + " is not trusted")
                : Verdict.reject(RejectionReason.UNKNOWN_AGENCY, "agency " + e.getSenderAgency() + " has no trusted key");
    }

    private static Verdict checkSignature(Envelope e, org.bouncycastle.crypto.params.Ed25519PublicKeyParameters key) {
        SenderSignature sig = e.getSignature();
        if (sig == null || !Ed25519.ALGORITHM.equals(sig.getAlgorithm())) {
            return Verdict.reject(RejectionReason.SIGNATURE_INVALID, "algorithm must be " + Ed25519.ALGORITHM);
        }
        byte[] canonical = SigningInputs.envelope(e);
        byte[] signed;
        BatchInclusion batch = sig.getBatch();
        if (batch == null) {
            signed = canonical;
        } else {
            List<byte[]> path = batch.getPath().stream().map(FieldCommitments::bytes).toList();
            byte[] root = MerkleTree.rootFromInclusionPath(MerkleTree.leafHash(canonical),
                    batch.getLeafIndex(), batch.getBatchSize(), path);
            if (root == null) {
                return Verdict.reject(RejectionReason.SIGNATURE_INVALID, "batch inclusion path is malformed");
            }
            signed = SigningInputs.batchRoot(batch.getBatchSize(), root);
        }
        return Ed25519.verify(key, signed, bytes(sig.getValue()))
                ? Verdict.ACCEPTED
                : Verdict.reject(RejectionReason.SIGNATURE_INVALID, "signature of message " + e.getMessageId() + " does not verify");
    }

    private static byte[] bytes(ByteBuffer b) {
        return b == null ? new byte[0] : FieldCommitments.bytes(b);
    }
}
