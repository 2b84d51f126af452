package io.liaison.policy;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/** Ed25519 keys registered in a trust store with a chosen validity, without a CA (the governor needs only the store). */
final class TestKeys {
    private static final AtomicInteger SERIAL = new AtomicInteger();

    final TrustStore trust = new TrustStore();

    SigningIdentity issue(String owner, KeyRole role, Instant notBefore, Instant notAfter) {
        AsymmetricCipherKeyPair pair = Ed25519.generate(new SecureRandom());
        String keyId = owner + "-" + role + "-" + SERIAL.incrementAndGet();
        trust.add(
                new TrustedKey(keyId, owner, role, (Ed25519PublicKeyParameters) pair.getPublic(), notBefore, notAfter));
        return new SigningIdentity(owner, keyId, (Ed25519PrivateKeyParameters) pair.getPrivate());
    }
}
