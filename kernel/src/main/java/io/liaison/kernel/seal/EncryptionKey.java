package io.liaison.kernel.seal;

import java.time.Instant;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * A public X25519 key that records may be sealed to, as read from its certificate (keyUsage
 * keyAgreement, issued by the backbone CA).
 *
 * @param keyId     SHA-256 fingerprint of the certificate (lower-case hex), named by every ciphertext sealed to it
 * @param owner     the agency id, {@code backbone} or {@code quarantine-officer}
 * @param role      whose key it is
 * @param publicKey the X25519 public key
 * @param notBefore start of the certificate's validity
 * @param notAfter  end of the certificate's validity
 */
public record EncryptionKey(
        String keyId,
        String owner,
        EncryptionRole role,
        X25519PublicKeyParameters publicKey,
        Instant notBefore,
        Instant notAfter) {
    public boolean validAt(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }
}
