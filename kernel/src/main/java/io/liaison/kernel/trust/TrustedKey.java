package io.liaison.kernel.trust;

import java.time.Instant;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A public key the backbone trusts, as read from its certificate.
 *
 * @param keyId     SHA-256 fingerprint of the certificate (lower-case hex), named by envelopes
 * @param owner     the agency id, or {@code backbone}, from the certificate's subject
 * @param role      what the key may sign
 * @param publicKey the Ed25519 public key
 * @param notBefore start of the certificate's validity
 * @param notAfter  end of the certificate's validity
 */
public record TrustedKey(
        String keyId,
        String owner,
        KeyRole role,
        Ed25519PublicKeyParameters publicKey,
        Instant notBefore,
        Instant notAfter) {}
