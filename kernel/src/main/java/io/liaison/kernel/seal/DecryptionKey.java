package io.liaison.kernel.seal;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A private X25519 key with the certificate it belongs to: what opens records sealed to
 * {@code keyId}. Held only by its owner.
 *
 * @param owner      agency id, {@code backbone} or {@code quarantine-officer}
 * @param keyId      fingerprint of its encryption certificate
 * @param privateKey the X25519 private key; never printed
 */
public record DecryptionKey(String owner, String keyId, X25519PrivateKeyParameters privateKey) {
    /** A fresh X25519 key pair (the PKI certifies its public half). */
    public static AsymmetricCipherKeyPair generate(SecureRandom random) {
        X25519KeyPairGenerator generator = new X25519KeyPairGenerator();
        generator.init(new X25519KeyGenerationParameters(random));
        return generator.generateKeyPair();
    }

    AsymmetricCipherKeyPair pair() {
        return new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey);
    }

    @Override
    public String toString() {
        return "DecryptionKey[owner=" + owner + ", keyId=" + keyId + ", privateKey=[hidden]]";
    }
}
