package io.liaison.kernel.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A private signing key with the identity its certificate binds it to.
 *
 * @param owner     agency id, or {@code backbone}
 * @param keyId     fingerprint of the certificate (see TrustedKey)
 * @param privateKey the Ed25519 private key; never printed
 */
public record SigningIdentity(String owner, String keyId, Ed25519PrivateKeyParameters privateKey) {
    public byte[] sign(byte[] message) {
        return Ed25519.sign(privateKey, message);
    }

    @Override
    public String toString() {
        return "SigningIdentity[owner=" + owner + ", keyId=" + keyId + ", privateKey=[hidden]]";
    }
}
