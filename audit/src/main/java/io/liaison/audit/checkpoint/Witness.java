package io.liaison.audit.checkpoint;

import io.liaison.audit.LogTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.RecordTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The oversight board's witness: it cosigns a checkpoint only after verifying the backbone's
 * signature and that the new tree extends the last one it cosigned for that origin (a consistency
 * proof, or equal roots at equal size). Cosigning only append-only views is what lets a client
 * holding a cosigned checkpoint rule out a log that shows different histories to different people.
 *
 * <p>Pure: the caller fetches the proof (from {@link LogTree#consistencyProof} on the log it
 * mirrors or from the log operator) and publishes the result. Not thread-safe.
 */
public final class Witness {
    private final SigningIdentity key;
    private final String keyName;
    private final CheckpointVerifier verifier;
    private final Map<String, Checkpoint> lastCosigned = new HashMap<>();

    /**
     * @param key      the WITNESS private key
     * @param keyName  the witness's note key name, e.g. {@code oversight.example/witness}
     * @param verifier opens checkpoints with the trusted backbone keys
     */
    public Witness(SigningIdentity key, String keyName, CheckpointVerifier verifier) {
        this.key = key;
        this.keyName = NoteKey.requireKeyName(keyName);
        this.verifier = verifier;
    }

    public sealed interface Decision {
        record Cosigned(SignedNote note) implements Decision {}

        record Refused(String reason) implements Decision {}
    }

    /**
     * @param note             the signed checkpoint as published
     * @param published        when the broker appended it (for the backbone key's validity)
     * @param consistencyProof PROOF(last cosigned size, new size); empty for the first checkpoint
     * @param now              the cosignature timestamp
     */
    public Decision cosign(String note, RecordTime published, List<byte[]> consistencyProof, Instant now) {
        CheckpointVerifier.Result opened = verifier.verify(note, published);
        if (opened instanceof CheckpointVerifier.Result.Rejected r) {
            return new Decision.Refused(r.reason());
        }
        Checkpoint next = ((CheckpointVerifier.Result.Verified) opened).checkpoint();
        Checkpoint last = lastCosigned.get(next.origin());
        if (last != null) {
            if (next.size() < last.size()) {
                return new Decision.Refused(
                        "checkpoint size " + next.size() + " is smaller than the last cosigned size " + last.size());
            }
            if (!LogTree.verifyConsistency(
                    last.size(), next.size(), last.rootHash(), next.rootHash(), consistencyProof)) {
                return new Decision.Refused("checkpoint of size " + next.size()
                        + " is not consistent with the last cosigned checkpoint of size " + last.size() + " (root "
                        + last.rootHex() + ")");
            }
        }
        lastCosigned.put(next.origin(), next);
        return new Decision.Cosigned(CheckpointNotes.cosign(SignedNote.parse(note), key, keyName, now));
    }
}
