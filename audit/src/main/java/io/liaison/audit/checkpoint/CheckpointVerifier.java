package io.liaison.audit.checkpoint;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Opens a signed checkpoint with the keys of a {@link TrustStore}: a signature line is the
 * backbone's when its name and key id match a {@link KeyRole#BACKBONE_ATTESTATION} key (type
 * 0x01), a witness's when they match a {@link KeyRole#WITNESS} key (type 0x04). As C2SP
 * signed-note requires, lines from unknown keys are ignored, a known key whose signature fails
 * rejects the whole note, and a note without a verified backbone signature is rejected.
 *
 * <p>Key validity is judged at the time the broker appended the checkpoint to the checkpoints topic
 * (the backbone's signature; the note itself carries no time, and a time its publisher chose is
 * refused, since whoever holds a stolen key would backdate it) and at the cosignature's own
 * timestamp (a witness's), so rotating a key later does not invalidate history, while a key
 * revoked before the checkpoint reached the log does.
 */
public final class CheckpointVerifier {
    private final TrustStore trust;

    public CheckpointVerifier(TrustStore trust) {
        this.trust = trust;
    }

    /** The outcome of opening one checkpoint note. */
    public sealed interface Result {
        /** The checkpoint, the backbone key that signed it, and every witness cosignature that verified. */
        record Verified(Checkpoint checkpoint, TrustedKey signedBy, List<Cosignature> cosignatures) implements Result {
            public Verified {
                cosignatures = List.copyOf(cosignatures);
            }
        }

        record Rejected(String reason) implements Result {}
    }

    /** A verified witness cosignature. */
    public record Cosignature(TrustedKey witness, String keyName, Instant at) {}

    /** @param published the checkpoints record's timestamp, as the broker reports it */
    public Result verify(String note, RecordTime published) {
        if (published instanceof RecordTime.ProducerChosen chosen) {
            return new Result.Rejected(
                    "NOT_LOG_APPEND_TIME: the checkpoint's timestamp " + chosen.at() + " is " + chosen.type()
                            + ", chosen by its publisher; the checkpoints topic must set message.timestamp.type=LogAppendTime");
        }
        return open(note, published.at());
    }

    /**
     * Opens a checkpoint submitted to a witness before it is published: the backbone key must be
     * valid and unrevoked at {@code receivedAt}, the witness's own clock (no broker has stamped it yet).
     */
    public Result verifyReceived(String note, Instant receivedAt) {
        return open(note, receivedAt);
    }

    /**
     * Opens a checkpoint an auditor kept ({@code audit verify --trusted-checkpoint}): its backbone
     * signature must verify with a trusted backbone key, but that key's validity and revocation
     * are not judged, since the copy carries no time the broker stamped; keeping it is the
     * auditor's own act of trust, as passing a {@code --backbone-cert} is. Witness cosignatures are
     * judged at their own timestamps, as always.
     */
    public Result verifyKept(String note) {
        return open(note, null);
    }

    /** @param publishedAt when to judge the backbone key; null: not judged (a kept checkpoint) */
    private Result open(String note, Instant publishedAt) {
        SignedNote parsed;
        Checkpoint checkpoint;
        try {
            parsed = SignedNote.parse(note);
            checkpoint = Checkpoint.parse(parsed.text());
        } catch (IllegalArgumentException e) {
            return new Result.Rejected("malformed checkpoint: " + e.getMessage());
        }
        TrustedKey signedBy = null;
        List<Cosignature> cosignatures = new ArrayList<>();
        for (NoteSignature signature : parsed.signatures()) {
            Optional<TrustedKey> backbone = match(signature, KeyRole.BACKBONE_ATTESTATION, NoteKey.ED25519);
            if (backbone.isPresent()) {
                String problem = checkBackbone(signature, backbone.get(), parsed, publishedAt);
                if (problem != null) {
                    return new Result.Rejected(problem);
                }
                signedBy = backbone.get();
                continue;
            }
            Optional<TrustedKey> witness = match(signature, KeyRole.WITNESS, NoteKey.COSIGNATURE_V1);
            if (witness.isPresent()) {
                byte[] blob = signature.signature();
                if (blob.length != 8 + Ed25519.SIGNATURE_LENGTH) {
                    return new Result.Rejected(
                            "cosignature of " + signature.keyName() + " has " + blob.length + " bytes, not 72");
                }
                long timestamp = ByteBuffer.wrap(blob).getLong();
                Instant at = Instant.ofEpochSecond(timestamp);
                String problem = checkStatus(witness.get(), at, "witness");
                if (problem != null) {
                    return new Result.Rejected(problem);
                }
                byte[] sig = Arrays.copyOfRange(blob, 8, blob.length);
                if (!Ed25519.verify(
                        witness.get().publicKey(), CheckpointNotes.cosignedMessage(parsed.text(), timestamp), sig)) {
                    return new Result.Rejected("cosignature of witness " + signature.keyName() + " does not verify");
                }
                cosignatures.add(new Cosignature(witness.get(), signature.keyName(), at));
            }
        }
        if (signedBy == null) {
            return new Result.Rejected(
                    "no signature by a trusted backbone key on checkpoint of size " + checkpoint.size());
        }
        return new Result.Verified(checkpoint, signedBy, cosignatures);
    }

    private String checkBackbone(NoteSignature signature, TrustedKey key, SignedNote note, Instant publishedAt) {
        String problem = publishedAt == null ? null : checkStatus(key, publishedAt, "backbone");
        if (problem != null) {
            return problem;
        }
        if (!Ed25519.verify(key.publicKey(), note.textBytes(), signature.signature())) {
            return "backbone signature of " + signature.keyName() + " does not verify";
        }
        return null;
    }

    private String checkStatus(TrustedKey key, Instant at, String what) {
        KeyStatus status = trust.status(key.keyId(), at);
        if (status instanceof KeyStatus.Revoked r) {
            return what + " key " + key.keyId() + " was revoked at " + r.revokedAt() + ", before it signed at " + at;
        }
        if (status instanceof KeyStatus.OutsideValidity) {
            return what + " key " + key.keyId() + " is valid from " + key.notBefore() + " to " + key.notAfter()
                    + ", not at " + at;
        }
        return null;
    }

    private Optional<TrustedKey> match(NoteSignature signature, KeyRole role, byte type) {
        return trust.keys().stream()
                .filter(k -> k.role() == role)
                .filter(k -> signature.isFrom(new NoteKey(signature.keyName(), type, k.publicKey())))
                .findFirst();
    }
}
