package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.schemas.envelope.BatchInclusion;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs envelopes as one agency, one at a time or as a Merkle batch (one Ed25519 signature over
 * the root; each envelope carries its inclusion path and still verifies on its own). Thread-safe.
 */
public final class EnvelopeSigner {
    private final SigningIdentity identity;

    public EnvelopeSigner(SigningIdentity identity) {
        this.identity = identity;
    }

    public SigningIdentity identity() {
        return identity;
    }

    /** Sets {@code signature} on an envelope whose other sender fields are final. */
    public Envelope sign(Envelope unsigned) {
        requireOwnIdentity(unsigned);
        byte[] signature = identity.sign(SigningInputs.envelope(unsigned));
        unsigned.setSignature(
                new SenderSignature(io.liaison.kernel.crypto.Ed25519.ALGORITHM, ByteBuffer.wrap(signature), null));
        return unsigned;
    }

    /** Signs all envelopes with one signature over the RFC 6962 root of their canonical inputs. */
    public List<Envelope> signBatch(List<Envelope> unsigned) {
        if (unsigned.size() == 1) {
            return List.of(sign(unsigned.get(0)));
        }
        List<byte[]> leaves = new ArrayList<>(unsigned.size());
        for (Envelope e : unsigned) {
            requireOwnIdentity(e);
            leaves.add(MerkleTree.leafHash(SigningInputs.envelope(e)));
        }
        byte[] root = MerkleTree.root(leaves);
        ByteBuffer signature = ByteBuffer.wrap(identity.sign(SigningInputs.batchRoot(unsigned.size(), root)));
        List<List<byte[]>> paths = MerkleTree.inclusionPaths(leaves);
        for (int i = 0; i < unsigned.size(); i++) {
            List<ByteBuffer> path = paths.get(i).stream().map(ByteBuffer::wrap).toList();
            unsigned.get(i)
                    .setSignature(new SenderSignature(
                            io.liaison.kernel.crypto.Ed25519.ALGORITHM,
                            signature.duplicate(),
                            new BatchInclusion(i, unsigned.size(), new ArrayList<>(path))));
        }
        return unsigned;
    }

    private void requireOwnIdentity(Envelope e) {
        if (!identity.owner().equals(e.getSenderAgency()) || !identity.keyId().equals(e.getKeyId())) {
            throw new IllegalArgumentException("envelope names sender " + e.getSenderAgency() + " key " + e.getKeyId()
                    + " but this signer is " + identity.owner() + " key " + identity.keyId());
        }
    }

    /** The exact bytes a sender's Ed25519 signature covers for this envelope (docs/signing.md section 2). */
    public static byte[] signedBytes(Envelope envelope) {
        return SigningInputs.envelope(envelope);
    }
}
