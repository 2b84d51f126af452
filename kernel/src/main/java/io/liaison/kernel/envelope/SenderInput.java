package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Digests;
import io.liaison.schemas.envelope.Envelope;

/**
 * An envelope and its sender's canonical signing input (docs/signing.md), built at most once: the
 * sender check hashes or verifies it, and the original digest that every attestation and audit
 * record of the message names is its SHA-256. Building it twice per message was 5.6% of the
 * backbone's work per message in JMH (BENCHMARKS.md). One message's, on one thread; the envelope
 * must not change while this is in use.
 */
public final class SenderInput {
    private final Envelope envelope;
    private byte[] canonical;

    private SenderInput(Envelope envelope) {
        this.envelope = envelope;
    }

    public static SenderInput of(Envelope envelope) {
        return new SenderInput(envelope);
    }

    public Envelope envelope() {
        return envelope;
    }

    /** SHA-256 of the sender's canonical input: the message's identity in attestations and audit records. */
    public byte[] originalDigest() {
        return Digests.sha256(canonical());
    }

    byte[] canonical() {
        if (canonical == null) {
            canonical = SigningInputs.envelope(envelope);
        }
        return canonical;
    }
}
