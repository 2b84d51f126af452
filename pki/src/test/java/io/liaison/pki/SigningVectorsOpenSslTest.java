package io.liaison.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel's committed signing vectors (docs/signing.md), checked by an independent
 * implementation: {@code openssl pkeyutl} verifies each signature with the PEM public key, and
 * the PEM private key holds the same raw key as {@code key.hex}. It lives here because reading PEM
 * is this module's job; the kernel's SigningVectorsTest recomputes the vectors themselves.
 */
class SigningVectorsOpenSslTest {
    private static final Path VECTORS = Path.of("../kernel/src/test/resources/signing-vectors");

    @ParameterizedTest
    @ValueSource(strings = {"envelope", "batch", "attestation", "attestation-batch"})
    void openSslVerifiesTheCommittedSignature(String name) {
        OpenSsl.assumeAvailable();

        OpenSsl.Result result = OpenSsl.run(
                VECTORS,
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "pub.pem",
                "-rawin",
                "-in",
                name + ".input.bin",
                "-sigfile",
                name + ".sig.bin");

        assertThat(result.output()).contains("Signature Verified Successfully");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void pemPrivateKeyIsTheRawKeyOfTheVectors() throws Exception {
        var key = (Ed25519PrivateKeyParameters)
                PrivateKeyFactory.createKey(PemFiles.readPrivateKey(VECTORS.resolve("key.pem"), Optional.empty()));

        assertThat(HexFormat.of().formatHex(key.getEncoded()))
                .isEqualTo(Files.readString(VECTORS.resolve("key.hex")).strip());
    }
}
