package io.liaison.cli.quarantine;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The input a sealed original holds, and how it relates to the quarantine header's
 * {@code originalDigest} (SHA-256 of the value exactly as it arrived on the ingress topic).
 *
 * @param key      the input's record key, or null
 * @param value    the input's value: as it arrived, or the backbone's opening of a sealed ingress record
 * @param digest   how {@code value} compares with the header's digest
 * @param envelope the value decoded as an envelope, when it is one
 */
record OriginalInput(String key, byte[] value, DigestCheck digest, Optional<Envelope> envelope) {

    /** The comparison of the kept value with the digest taken when it arrived. */
    sealed interface DigestCheck {
        /** The value is the input byte for byte as it arrived. */
        record Matches() implements DigestCheck {}

        /**
         * The input arrived sealed to the backbone, which opened it: the digest covers the ciphertext,
         * the value is its plaintext, authenticated by the officer's seal instead.
         */
        record OpenedByBackbone() implements DigestCheck {}

        /** The value should be the input as it arrived and is not: never released. */
        record Mismatch(String detail) implements DigestCheck {}
    }

    static OriginalInput of(QuarantineRecord header, QuarantineRecord full, AvroCodec codec) {
        String key = full.getOriginalKey() == null
                ? null
                : new String(QuarantineSource.bytes(full.getOriginalKey()), StandardCharsets.UTF_8);
        byte[] value = full.getOriginalValue() == null ? new byte[0] : QuarantineSource.bytes(full.getOriginalValue());
        return new OriginalInput(key, value, check(header, value), envelope(codec, value));
    }

    private static DigestCheck check(QuarantineRecord header, byte[] value) {
        if (header.getOriginalDigest() == null) {
            return new DigestCheck.Mismatch("the quarantine header has no originalDigest to compare with");
        }
        byte[] expected = QuarantineSource.bytes(header.getOriginalDigest());
        if (MessageDigest.isEqual(expected, Digests.sha256(value))) {
            return new DigestCheck.Matches();
        }
        // only a value the backbone could not open (still sealed) or never had to (unsealed) is kept as it arrived
        boolean keptAsArrived = SealedRecord.isSealed(value)
                || RejectionReason.NOT_SEALED.name().equals(header.getReasonCode());
        return keptAsArrived
                ? new DigestCheck.Mismatch("sha256 " + Digests.hex(Digests.sha256(value)) + " of the kept original, "
                        + Digests.hex(expected) + " in the header")
                : new DigestCheck.OpenedByBackbone();
    }

    private static Optional<Envelope> envelope(AvroCodec codec, byte[] value) {
        if (SealedRecord.isSealed(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decodeSpecific(value, Envelope.class));
        } catch (WireFormatException | RegistryException e) {
            return Optional.empty();
        }
    }

    static String hex(ByteBuffer digest) {
        return digest == null ? "-" : Digests.hex(QuarantineSource.bytes(digest));
    }
}
