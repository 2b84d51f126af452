package io.liaison.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.trust.KeyRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    private static final CertificateAuthority CA = PkiFixtures.newCa();
    private static final IssuedCertificate ISSUED =
            CA.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());

    @TempDir
    Path dir;

    @Test
    void plainPrivateKeyRoundTripsAsPkcs8() throws Exception {
        Path file = dir.resolve("signing.key");
        PemFiles.writePrivateKey(file, ISSUED.privateKey(), Optional.empty());

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemFiles.readPrivateKey(file, Optional.empty()).getEncoded())
                .isEqualTo(ISSUED.privateKey().getEncoded());
    }

    @Test
    void encryptedPrivateKeyRoundTripsOnlyWithItsPassphrase() throws Exception {
        Path file = dir.resolve("signing.key");
        PemFiles.writePrivateKey(file, ISSUED.privateKey(), Optional.of(Passphrase.of("correct horse")));

        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PemFiles.readPrivateKey(file, Optional.of(Passphrase.of("correct horse")))
                        .getEncoded())
                .isEqualTo(ISSUED.privateKey().getEncoded());
        assertThatThrownBy(() -> PemFiles.readPrivateKey(file, Optional.of(Passphrase.of("wrong"))))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(file, Optional.empty()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("a passphrase is required");
    }

    @Test
    void openSslReadsTheEncryptedKeyWithThePassphrase() {
        OpenSsl.assumeAvailable();
        PemFiles.writePrivateKey(
                dir.resolve("signing.key"), ISSUED.privateKey(), Optional.of(Passphrase.of("correct horse")));

        OpenSsl.Result result =
                OpenSsl.run(dir, "pkey", "-in", "signing.key", "-passin", "pass:correct horse", "-noout", "-text");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ED25519 Private-Key");
    }

    @Test
    void openSslReadsThePlainKey() {
        OpenSsl.assumeAvailable();
        PemFiles.writePrivateKey(dir.resolve("signing.key"), ISSUED.privateKey(), Optional.empty());

        OpenSsl.Result result = OpenSsl.run(dir, "pkey", "-in", "signing.key", "-noout", "-text");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ED25519 Private-Key");
    }

    @Test
    void privateKeyFileIsCreatedOwnerOnly() throws Exception {
        Path file = dir.resolve("signing.key");
        PemFiles.writePrivateKey(file, ISSUED.privateKey(), Optional.empty());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void existingPrivateKeyIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("signing.key");
        Files.writeString(file, "keep me");

        assertThatThrownBy(() -> PemFiles.writePrivateKey(file, ISSUED.privateKey(), Optional.empty()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void certificateRoundTripsThroughPem() {
        Path file = dir.resolve("signing.crt");
        PemFiles.writePublic(file, ISSUED.certificate());

        assertThat(PemFiles.readCertificate(file)).isEqualTo(ISSUED.certificate());
        assertThatThrownBy(() -> PemFiles.parseCertificate("not pem", "input"))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("input must hold exactly one CERTIFICATE");
    }

    @Test
    void passphraseNeverPrintsItself() {
        Passphrase passphrase = Passphrase.of("s3cret");

        assertThat(passphrase).hasToString("[hidden]");
        assertThat(ISSUED.toString()).contains("privateKey=[hidden]");
    }

    @Test
    void passphraseFileIsReadWithoutItsNewline() throws Exception {
        Path file = dir.resolve("pass");
        Files.writeString(file, "s3cret\n");

        assertThat(Passphrase.readFrom(file)).isEqualTo(Passphrase.of("s3cret"));
    }
}
