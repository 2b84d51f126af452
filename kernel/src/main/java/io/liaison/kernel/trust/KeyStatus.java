package io.liaison.kernel.trust;

import java.time.Instant;

/** What the trust store knows of a key id at one instant. */
public sealed interface KeyStatus {
    record Valid(TrustedKey key) implements KeyStatus {}

    record Unknown(String keyId) implements KeyStatus {}

    record Revoked(TrustedKey key, Instant revokedAt, String reason) implements KeyStatus {}

    /** Outside the certificate's validity period (expired, or not yet valid). */
    record OutsideValidity(TrustedKey key, Instant at) implements KeyStatus {}
}
