package io.liaison.pki;

import static io.liaison.pki.PkiFixtures.CLOCK;
import static io.liaison.pki.PkiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.seal.DecryptionKey;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    private final CertificateAuthority ca = PkiFixtures.newCa();

    @Test
    void rootIsASelfSignedCaForEndEntitiesOnly() {
        X509CertificateHolder root = ca.certificate();
        assertThat(CertificateProfiles.isCa(root)).isTrue();
        assertThat(root.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        KeyUsage usage = KeyUsage.fromExtensions(root.getExtensions());
        assertThat(usage.hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign)).isTrue();
        assertThat(usage.hasUsages(KeyUsage.digitalSignature)).isFalse();
        assertThat(CertificateProfiles.validity(root)).isEqualTo(Validity.of(NOW, Duration.ofDays(3650)));
        assertThat(TrustAnchor.of(root).keyId()).isEqualTo(KeyIds.of(root));
    }

    @ParameterizedTest
    @EnumSource(value = KeyRole.class)
    void signingCertificateReadsBackOwnerRoleKeyAndValidity(KeyRole role) throws Exception {
        String owner = role == KeyRole.BACKBONE_ATTESTATION ? "backbone" : "cpd";
        IssuedCertificate issued = ca.issueSigning(owner, role, PkiFixtures.oneYear());

        TrustedKey key = ca.anchor().trustedKey(issued.certificate());

        Ed25519PrivateKeyParameters privateKey =
                (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(issued.privateKey());
        assertThat(key.owner()).isEqualTo(owner);
        assertThat(key.role()).isEqualTo(role);
        assertThat(key.keyId()).isEqualTo(issued.keyId()).matches("[0-9a-f]{64}");
        assertThat(key.publicKey().getEncoded())
                .isEqualTo(privateKey.generatePublicKey().getEncoded());
        assertThat(key.notBefore()).isEqualTo(NOW);
        assertThat(key.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(issued.certificate().getExtension(Extension.keyUsage).isCritical())
                .isTrue();
        assertThat(CertificateProfiles.ownerUris(issued.certificate())).containsExactly("urn:liaison:agency:" + owner);
    }

    @Test
    void keyIdIsTheSha256FingerprintOpenSslPrints(@TempDir Path dir) {
        OpenSsl.assumeAvailable();
        IssuedCertificate issued = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());
        PemFiles.writePublic(dir.resolve("cpd.crt"), issued.certificate());

        String fingerprint = OpenSsl.run(dir, "x509", "-in", "cpd.crt", "-noout", "-fingerprint", "-sha256")
                .output();

        assertThat(fingerprint.trim().replace(":", "").toLowerCase()).isEqualTo("sha256 fingerprint=" + issued.keyId());
        assertThat(KeyIds.of(PemFiles.readCertificate(dir.resolve("cpd.crt")))).isEqualTo(issued.keyId());
    }

    @ParameterizedTest
    @EnumSource(CertificateKind.class)
    void everyKindChainsToTheCaForBouncyCastleAndOpenSsl(CertificateKind kind, @TempDir Path dir) throws Exception {
        IssuedCertificate issued = issue(kind);
        ca.anchor().verifyIssued(issued.certificate());

        OpenSsl.assumeAvailable();
        PemFiles.writePublic(dir.resolve("ca.crt"), ca.certificate());
        PemFiles.writePublic(dir.resolve("leaf.crt"), issued.certificate());
        OpenSsl.Result result = OpenSsl.run(
                dir,
                "verify",
                "-attime",
                Long.toString(NOW.plusSeconds(60).getEpochSecond()),
                "-CAfile",
                "ca.crt",
                "leaf.crt");
        assertThat(result.output()).contains("leaf.crt: OK");
        assertThat(result.exitCode()).isZero();
        String text =
                OpenSsl.run(dir, "x509", "-in", "leaf.crt", "-noout", "-text").output();
        assertThat(text).contains("OU = " + kind.organizationalUnit());
    }

    @ParameterizedTest
    @EnumSource(EncryptionRole.class)
    void encryptionCertificateHoldsAnX25519KeyForKeyAgreementOnly(EncryptionRole role, @TempDir Path dir) {
        String owner = switch (role) {
            case AGENCY -> "ice";
            case BACKBONE -> "backbone";
            case QUARANTINE_OFFICER -> "quarantine-officer";
        };
        IssuedCertificate issued = ca.issueEncryption(owner, role, PkiFixtures.oneYear());

        EncryptionKey key = ca.anchor().encryptionKey(issued.certificate());
        DecryptionKey privateKey = DecryptionKeyFiles.of(issued.privateKey(), issued.certificate());
        assertThat(key.owner()).isEqualTo(owner);
        assertThat(key.role()).isEqualTo(role);
        assertThat(key.keyId()).isEqualTo(issued.keyId()).isEqualTo(privateKey.keyId());
        assertThat(key.publicKey().getEncoded())
                .isEqualTo(privateKey.privateKey().generatePublicKey().getEncoded());
        KeyUsage usage = KeyUsage.fromExtensions(issued.certificate().getExtensions());
        assertThat(issued.certificate().getExtension(Extension.keyUsage).isCritical())
                .isTrue();
        assertThat(usage.hasUsages(KeyUsage.keyAgreement)).isTrue();
        assertThat(usage.hasUsages(KeyUsage.digitalSignature)).isFalse();
        assertThatThrownBy(() -> ca.anchor().trustedKey(issued.certificate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not a signing key");

        OpenSsl.assumeAvailable();
        PemFiles.writePublic(dir.resolve("encryption.crt"), issued.certificate());
        PemFiles.writePrivateKey(dir.resolve("encryption.key"), issued.privateKey(), Optional.empty());
        String text = OpenSsl.run(dir, "x509", "-in", "encryption.crt", "-noout", "-text")
                .output();
        assertThat(text)
                .contains(
                        "X25519",
                        "Key Agreement",
                        "OU = " + CertificateKind.of(role).organizationalUnit());
        assertThat(OpenSsl.run(dir, "pkey", "-in", "encryption.key", "-noout", "-text")
                        .output())
                .contains("X25519 Private-Key");
    }

    @Test
    void encryptionOwnersAreReserved() {
        assertThatThrownBy(() -> ca.issueEncryption("quarantine-officer", EncryptionRole.AGENCY, PkiFixtures.oneYear()))
                .hasMessageContaining("reserved for the quarantine-encryption certificate");
        assertThatThrownBy(() -> ca.issueEncryption("cpd", EncryptionRole.BACKBONE, PkiFixtures.oneYear()))
                .hasMessageContaining("must be owned by 'backbone'");
        assertThatThrownBy(() -> ca.issueEncryption("backbone", EncryptionRole.AGENCY, PkiFixtures.oneYear()))
                .hasMessageContaining("reserved");
    }

    @Test
    void aSigningCertificateIsNotAnEncryptionKey() {
        IssuedCertificate signing = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());

        assertThatThrownBy(() -> ca.anchor().encryptionKey(signing.certificate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not an encryption key");
        assertThatThrownBy(() -> DecryptionKeyFiles.of(signing.privateKey(), signing.certificate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not an encryption certificate");
    }

    @Test
    void tlsServerCertificateHoldsAnEcKeyServerAuthAndItsNames(@TempDir Path dir) {
        IssuedCertificate issued = ca.issueTls(
                "broker-1",
                CertificateKind.TLS_SERVER,
                List.of("localhost", "broker-1.liaison"),
                List.of("127.0.0.1"),
                PkiFixtures.oneYear());

        assertThat(issued.certificate()
                        .getSubjectPublicKeyInfo()
                        .getAlgorithm()
                        .getAlgorithm()
                        .getId())
                .isEqualTo("1.2.840.10045.2.1"); // id-ecPublicKey
        assertThatThrownBy(() -> ca.anchor().trustedKey(issued.certificate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not a signing key");

        OpenSsl.assumeAvailable();
        PemFiles.writePublic(dir.resolve("server.crt"), issued.certificate());
        String text =
                OpenSsl.run(dir, "x509", "-in", "server.crt", "-noout", "-text").output();
        assertThat(text)
                .contains(
                        "DNS:localhost",
                        "DNS:broker-1.liaison",
                        "IP Address:127.0.0.1",
                        "TLS Web Server Authentication",
                        "prime256v1");
    }

    @Test
    void tlsBrokerCertificateServesAndAuthenticatesAsAClient(@TempDir Path dir) {
        IssuedCertificate issued = ca.issueTls(
                "kafka-1", CertificateKind.TLS_BROKER, List.of("kafka-1"), List.of("10.0.0.7"), PkiFixtures.oneYear());

        assertThat(CertificateProfiles.kind(issued.certificate())).contains(CertificateKind.TLS_BROKER);
        assertThatThrownBy(() -> ca.anchor().trustedKey(issued.certificate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not a signing key");
        assertThatThrownBy(() ->
                        ca.issueTls("kafka-2", CertificateKind.TLS_BROKER, List.of(), List.of(), PkiFixtures.oneYear()))
                .hasMessageContaining("tls-broker certificate needs at least one DNS name or IP address");

        OpenSsl.assumeAvailable();
        PemFiles.writePublic(dir.resolve("broker.crt"), issued.certificate());
        String text =
                OpenSsl.run(dir, "x509", "-in", "broker.crt", "-noout", "-text").output();
        assertThat(text)
                .contains(
                        "OU = tls-broker",
                        "DNS:kafka-1",
                        "IP Address:10.0.0.7",
                        "TLS Web Server Authentication, TLS Web Client Authentication");
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        CertificateAuthority other = PkiFixtures.newCa();
        IssuedCertificate foreign = other.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());

        assertThatThrownBy(() -> ca.anchor().trustedKey(foreign.certificate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("is not signed by the CA");
    }

    @Test
    void validityBeyondTheCaIsRefused() {
        Validity tooLong = Validity.starting(CLOCK, Duration.ofDays(3651));

        assertThatThrownBy(() -> ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, tooLong))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not within the CA's validity");
    }

    @Test
    void backboneOwnerIsReservedForTheAttestationCertificate() {
        assertThatThrownBy(() -> ca.issueSigning("backbone", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear()))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> ca.issueSigning("cpd", KeyRole.BACKBONE_ATTESTATION, PkiFixtures.oneYear()))
                .hasMessageContaining("must be owned by 'backbone'");
    }

    @Test
    void agencyIdMustBeValid() {
        assertThatThrownBy(() -> ca.issueSigning("CPD Chicago", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agency id 'CPD Chicago'");
    }

    @Test
    void caRefusesAPrivateKeyThatIsNotItsOwn() {
        IssuedCertificate a = CertificateAuthority.createRoot("A", PkiFixtures.oneYear(), PkiFixtures.RANDOM);
        IssuedCertificate b = CertificateAuthority.createRoot("B", PkiFixtures.oneYear(), PkiFixtures.RANDOM);

        assertThatThrownBy(() -> CertificateAuthority.of(a.certificate(), b.privateKey(), CLOCK, PkiFixtures.RANDOM))
                .hasMessageContaining("does not belong to CA certificate");
    }

    @Test
    void signingIdentityMatchesItsCertificate(@TempDir Path dir) {
        IssuedCertificate issued = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());
        PemFiles.writePrivateKey(dir.resolve("signing.key"), issued.privateKey(), Optional.empty());
        PemFiles.writePublic(dir.resolve("signing.crt"), issued.certificate());

        var identity = SigningIdentities.load(dir.resolve("signing.key"), dir.resolve("signing.crt"), Optional.empty());

        assertThat(identity.owner()).isEqualTo("cpd");
        assertThat(identity.keyId()).isEqualTo(issued.keyId());
        TrustedKey key = ca.anchor().trustedKey(issued.certificate());
        byte[] message = "hello".getBytes();
        assertThat(io.liaison.kernel.crypto.Ed25519.verify(key.publicKey(), message, identity.sign(message)))
                .isTrue();

        IssuedCertificate other = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());
        assertThatThrownBy(() -> SigningIdentities.of(other.privateKey(), issued.certificate()))
                .hasMessageContaining("does not belong to certificate");
        assertThat(Files.exists(dir.resolve("signing.key"))).isTrue();
    }

    private IssuedCertificate issue(CertificateKind kind) {
        return switch (kind) {
            case AGENCY_SIGNING -> ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());
            case BACKBONE_ATTESTATION ->
                ca.issueSigning("backbone", KeyRole.BACKBONE_ATTESTATION, PkiFixtures.oneYear());
            case WITNESS -> ca.issueSigning("oversight", KeyRole.WITNESS, PkiFixtures.oneYear());
            case AGENCY_ENCRYPTION -> ca.issueEncryption("cpd", EncryptionRole.AGENCY, PkiFixtures.oneYear());
            case BACKBONE_ENCRYPTION -> ca.issueEncryption("backbone", EncryptionRole.BACKBONE, PkiFixtures.oneYear());
            case QUARANTINE_ENCRYPTION ->
                ca.issueEncryption("quarantine-officer", EncryptionRole.QUARANTINE_OFFICER, PkiFixtures.oneYear());
            case TLS_SERVER ->
                ca.issueTls("broker-1", kind, List.of("localhost"), List.of("127.0.0.1"), PkiFixtures.oneYear());
            case TLS_CLIENT -> ca.issueTls("cpd", kind, List.of(), List.of(), PkiFixtures.oneYear());
            case TLS_BROKER -> ca.issueTls("kafka-1", kind, List.of("kafka-1"), List.of(), PkiFixtures.oneYear());
        };
    }
}
