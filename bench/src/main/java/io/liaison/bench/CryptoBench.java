package io.liaison.bench;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.Ed25519;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The primitives everything else is made of, on 1 KB: Bouncy Castle Ed25519 and the JDK's SHA-256. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBench {
    private Ed25519PrivateKeyParameters privateKey;
    private Ed25519PublicKeyParameters publicKey;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        AsymmetricCipherKeyPair pair = Ed25519.generate(random);
        privateKey = (Ed25519PrivateKeyParameters) pair.getPrivate();
        publicKey = (Ed25519PublicKeyParameters) pair.getPublic();
        message = new byte[1024];
        random.nextBytes(message);
        signature = Ed25519.sign(privateKey, message);
    }

    @Benchmark
    public byte[] ed25519Sign1k() {
        return Ed25519.sign(privateKey, message);
    }

    @Benchmark
    public boolean ed25519Verify1k() {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Benchmark
    public byte[] sha256Of1k() {
        return Digests.sha256(message);
    }
}
