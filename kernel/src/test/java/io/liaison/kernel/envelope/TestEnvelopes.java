package io.liaison.kernel.envelope;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** Keys and envelopes for kernel tests; keys are generated fresh, trusted for a day around {@link #NOW}. */
final class TestEnvelopes {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestEnvelopes() {}

    static SigningIdentity identity(TrustStore trust, String owner, KeyRole role) {
        AsymmetricCipherKeyPair pair = Ed25519.generate(RANDOM);
        String keyId = owner + "-" + UUID.randomUUID();
        trust.add(new TrustedKey(
                keyId,
                owner,
                role,
                (Ed25519PublicKeyParameters) pair.getPublic(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(1))));
        return new SigningIdentity(owner, keyId, (Ed25519PrivateKeyParameters) pair.getPrivate());
    }

    /** An unsigned envelope from {@code sender} committing to {@code payload}; payload bytes are opaque here. */
    static Envelope unsigned(SigningIdentity sender, GenericRecord payload) {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return Envelope.newBuilder()
                .setMessageId(UUID.randomUUID().toString())
                .setSenderAgency(sender.owner())
                .setKeyId(sender.keyId())
                .setCreatedAt(NOW)
                .setMessageType(payload.getSchema().getName())
                .setClassification(Classification.LAW_ENFORCEMENT_SENSITIVE)
                .setCaveats(List.of("PII"))
                .setReleasability(List.of())
                .setPayload(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1}))
                .setCommitments(FieldCommitments.commit(payload, seed))
                .setSignature(new SenderSignature(Ed25519.ALGORITHM, ByteBuffer.allocate(0), null))
                .setAttestation(null)
                .build();
    }

    /** {@code size} situation reports from {@code sender}, signed as one Merkle batch. */
    static List<Envelope> signedBatch(SigningIdentity sender, int size) {
        List<Envelope> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(unsigned(sender, SamplePayloads.sitrep("S-" + i, NOW)));
        }
        return new EnvelopeSigner(sender).signBatch(batch);
    }
}
