package io.liaison.audit.checkpoint;

import io.liaison.audit.LogTree;
import io.liaison.kernel.crypto.SigningIdentity;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The oversight board's witness, deciding C2SP tlog-witness {@code add-checkpoint} requests: it
 * cosigns a checkpoint only after verifying the backbone's signature and that the new tree extends
 * the last one it cosigned for that origin (a consistency proof from that size, or equal roots at
 * equal size). Cosigning only append-only views is what lets a client holding a cosigned
 * checkpoint rule out a log that shows different histories to different people.
 *
 * <p>Pure: the caller parses the request, persists through {@link Memory} and answers. Decisions
 * are serialised, so checking the old size and recording the new checkpoint happen as one step
 * (the spec's race: two requests both checked against size N, the smaller recorded last, rolling
 * the witness back).
 */
public final class Witness {
    /** Where the witness keeps its last cosigned note per origin; it must be durable when it returns. */
    @FunctionalInterface
    public interface Memory {
        void remember(SignedNote cosigned);
    }

    /** Why a checkpoint was not cosigned; the HTTP adapter maps each to the spec's status code. */
    public enum Refusal {
        /** The request or the note does not parse, or the old size exceeds the checkpoint's (400). */
        MALFORMED,
        /** The witness does not witness this origin (404). */
        UNKNOWN_ORIGIN,
        /** No signature by a trusted, valid backbone key, or a known key's signature fails (403). */
        UNTRUSTED,
        /** The client's old size is not the witness's; the client retries with the size reported (409). */
        STALE_OLD_SIZE,
        /** The checkpoint is smaller than the last one cosigned: the log lost records (409). */
        TRUNCATION,
        /** Another root at the size last cosigned: two histories of one log (409). */
        FORK,
        /** The proof does not show the new tree extends the last one cosigned: history rewritten (422). */
        INCONSISTENT;

        /** Whether this refusal is evidence against the log, rather than a client's mistake or stale view. */
        public boolean misbehaviour() {
            return this == TRUNCATION || this == FORK || this == INCONSISTENT;
        }
    }

    public sealed interface Decision {
        /** @param note the note with the witness's cosignature added; {@code cosignature} is that line */
        record Cosigned(SignedNote note, NoteSignature cosignature) implements Decision {}

        /**
         * @param cosignedSize the size the witness last cosigned for the origin (0: none), which a
         *                     409 response carries
         */
        record Refused(Refusal refusal, String reason, long cosignedSize) implements Decision {}
    }

    private final SigningIdentity key;
    private final String keyName;
    private final CheckpointVerifier verifier;
    private final Set<String> origins;
    private final Map<String, Checkpoint> lastCosigned;
    private final Memory memory;

    /**
     * @param key      the WITNESS private key
     * @param keyName  the witness's note key name, e.g. {@code oversight.liaison/witness}
     * @param verifier opens checkpoints with the trusted backbone keys
     * @param origins  the logs this witness witnesses
     * @param cosigned the last checkpoint cosigned per origin, as persisted by {@code memory}
     * @param memory   persists each cosigned note before the witness answers
     */
    public Witness(
            SigningIdentity key,
            String keyName,
            CheckpointVerifier verifier,
            Set<String> origins,
            Map<String, Checkpoint> cosigned,
            Memory memory) {
        this.key = key;
        this.keyName = NoteKey.requireKeyName(keyName);
        this.verifier = verifier;
        this.origins = Set.copyOf(origins);
        this.lastCosigned = new HashMap<>(cosigned);
        this.memory = memory;
        cosigned.keySet().forEach(o -> {
            if (!this.origins.contains(o)) {
                throw new IllegalArgumentException("the witness state holds origin '" + o
                        + "', which it is not configured to witness (" + this.origins + ")");
            }
        });
    }

    /** The witness's cosigning key as signed-note verifiers name it ({@code name+id+key}). */
    public NoteKey noteKey() {
        return NoteKey.cosigner(keyName, key.privateKey().generatePublicKey());
    }

    public Set<String> origins() {
        return origins;
    }

    /** The last checkpoint cosigned for {@code origin}, if any. */
    public synchronized Optional<Checkpoint> cosigned(String origin) {
        return Optional.ofNullable(lastCosigned.get(origin));
    }

    /**
     * Decides one request, judging the backbone key at {@code now} (the witness's own clock: the
     * checkpoint is not yet on the topic, so no broker time exists), and cosigns at {@code now}.
     */
    public synchronized Decision add(AddCheckpoint request, Instant now) {
        Checkpoint next;
        try {
            next = Checkpoint.parse(SignedNote.parse(request.note()).text());
        } catch (IllegalArgumentException e) {
            return new Decision.Refused(Refusal.MALFORMED, "malformed checkpoint: " + e.getMessage(), 0);
        }
        if (!origins.contains(next.origin())) {
            return new Decision.Refused(
                    Refusal.UNKNOWN_ORIGIN, "origin '" + next.origin() + "' is not witnessed here", 0);
        }
        Checkpoint last = lastCosigned.get(next.origin());
        long lastSize = last == null ? 0 : last.size();
        if (verifier.verifyReceived(request.note(), now) instanceof CheckpointVerifier.Result.Rejected r) {
            return new Decision.Refused(Refusal.UNTRUSTED, r.reason(), lastSize);
        }
        if (next.size() < lastSize) {
            return new Decision.Refused(
                    Refusal.TRUNCATION,
                    "checkpoint size " + next.size() + " is smaller than the last cosigned size " + lastSize,
                    lastSize);
        }
        if (request.oldSize() > next.size()) {
            return new Decision.Refused(
                    Refusal.MALFORMED,
                    "old size " + request.oldSize() + " is larger than the checkpoint size " + next.size(),
                    lastSize);
        }
        if (request.oldSize() != lastSize) {
            return new Decision.Refused(
                    Refusal.STALE_OLD_SIZE,
                    "old size " + request.oldSize() + " is not the last cosigned size " + lastSize,
                    lastSize);
        }
        List<byte[]> proof = request.proof();
        if (last == null) {
            if (!proof.isEmpty()) {
                return new Decision.Refused(Refusal.MALFORMED, "a proof from old size 0 must be empty", 0);
            }
        } else if (next.size() == lastSize && !MessageDigest.isEqual(next.rootHash(), last.rootHash())) {
            return new Decision.Refused(
                    Refusal.FORK,
                    "checkpoint of size " + next.size() + " has root " + next.rootHex()
                            + ", but the checkpoint cosigned at that size has root " + last.rootHex(),
                    lastSize);
        } else if (!LogTree.verifyConsistency(lastSize, next.size(), last.rootHash(), next.rootHash(), proof)) {
            return new Decision.Refused(
                    Refusal.INCONSISTENT,
                    "checkpoint of size " + next.size()
                            + " is not consistent with the last cosigned checkpoint of size " + lastSize + " (root "
                            + last.rootHex() + ")",
                    lastSize);
        }
        SignedNote cosigned = CheckpointNotes.cosign(SignedNote.parse(request.note()), key, keyName, now);
        memory.remember(cosigned); // durable before anyone sees the cosignature
        lastCosigned.put(next.origin(), next);
        List<NoteSignature> signatures = cosigned.signatures();
        return new Decision.Cosigned(cosigned, signatures.get(signatures.size() - 1));
    }
}
