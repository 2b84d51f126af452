package io.liaison.audit.checkpoint;

import io.liaison.kernel.crypto.SigningIdentity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Signing checkpoints as C2SP signed notes: the log's Ed25519 note signature (type 0x01) over the
 * checkpoint body, and a witness's tlog-cosignature/v1 (type 0x04) over
 * {@code "cosignature/v1\ntime <seconds>\n" || body}, whose signature bytes are the 8-byte
 * big-endian timestamp followed by the Ed25519 signature.
 */
public final class CheckpointNotes {
    private CheckpointNotes() {}

    /** A checkpoint signed by the log under {@code keyName} (by convention the origin). */
    public static SignedNote sign(Checkpoint checkpoint, SigningIdentity log, String keyName) {
        NoteKey key = NoteKey.ed25519(keyName, log.privateKey().generatePublicKey());
        String body = checkpoint.body();
        byte[] signature = log.sign(body.getBytes(StandardCharsets.UTF_8));
        return new SignedNote(body, List.of(new NoteSignature(keyName, key.keyId(), signature)));
    }

    /** Adds a witness cosignature made at {@code at}; checking the checkpoint first is the caller's job (see {@link Witness}). */
    static SignedNote cosign(SignedNote note, SigningIdentity witness, String keyName, Instant at) {
        NoteKey key = NoteKey.cosigner(keyName, witness.privateKey().generatePublicKey());
        long timestamp = at.getEpochSecond();
        byte[] signature = witness.sign(cosignedMessage(note.text(), timestamp));
        byte[] blob = ByteBuffer.allocate(8 + signature.length)
                .putLong(timestamp)
                .put(signature)
                .array();
        return note.withSignature(new NoteSignature(keyName, key.keyId(), blob));
    }

    static byte[] cosignedMessage(String body, long timestamp) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }
}
