package io.liaison.pki;

import static io.liaison.pki.PkiFixtures.CLOCK;
import static io.liaison.pki.PkiFixtures.NOW;
import static io.liaison.pki.PkiFixtures.RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiDirectoryTest {
    @TempDir
    Path root;

    private PkiDirectory pki;
    private CertificateAuthority ca;

    @BeforeEach
    void init() {
        pki = PkiDirectory.at(root);
        pki.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(CLOCK, Validity.DEFAULT_CA),
                Optional.empty(),
                RANDOM);
        ca = pki.authority(Optional.empty(), CLOCK, RANDOM);
    }

    @Test
    void layoutPutsEachCertificateInItsSlotWithOwnerOnlyKeys() throws Exception {
        pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        pki.issueSigning(ca, "backbone", KeyRole.BACKBONE_ATTESTATION, PkiFixtures.oneYear(), Optional.empty());
        pki.issueSigning(ca, "oversight", KeyRole.WITNESS, PkiFixtures.oneYear(), Optional.empty());

        for (String file : List.of(
                "ca/ca.key",
                "agencies/cpd/signing.key",
                "backbone/attestation.key",
                "witnesses/oversight/witness.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(root.resolve("ca/ca.crt")).exists();
        assertThat(root.resolve("agencies/cpd/signing.crt")).exists();
        assertThat(root.resolve("backbone/attestation.crt")).exists();
        assertThat(root.resolve("witnesses/oversight/witness.crt")).exists();
    }

    @Test
    void encryptionKeysLiveBesideTheirOwnersSigningKeysAndRotateWithPreviousKeysKept() throws Exception {
        IssuedCertificate first =
                pki.issueEncryption(ca, "ice", EncryptionRole.AGENCY, PkiFixtures.oneYear(), Optional.empty());
        pki.issueEncryption(ca, "backbone", EncryptionRole.BACKBONE, PkiFixtures.oneYear(), Optional.empty());
        pki.issueEncryption(
                ca, "quarantine-officer", EncryptionRole.QUARANTINE_OFFICER, PkiFixtures.oneYear(), Optional.empty());
        for (String file : List.of(
                "agencies/ice/encryption.key", "backbone/encryption.key", "quarantine-officer/encryption.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        IssuedCertificate second = pki.issueEncryption(
                ca,
                "ice",
                EncryptionRole.AGENCY,
                Validity.of(NOW.plus(Duration.ofDays(300)), Duration.ofDays(365)),
                Optional.empty());

        DecryptionKeys ice = pki.decryptionKeys("ice", EncryptionRole.AGENCY, Optional.empty());
        assertThat(ice.keyIds()).containsExactly(second.keyId(), first.keyId());
        assertThat(root.resolve("agencies/ice/previous/" + first.keyId() + ".key"))
                .exists();

        TrustStore trust = pki.loadTrustStore(CLOCK);
        assertThat(trust.encryptionKey("ice", EncryptionRole.AGENCY, NOW)
                        .orElseThrow()
                        .keyId())
                .isEqualTo(first.keyId());
        assertThat(trust.encryptionKey("ice", EncryptionRole.AGENCY, NOW.plus(Duration.ofDays(301)))
                        .orElseThrow()
                        .keyId())
                .isEqualTo(second.keyId());
        assertThat(trust.encryptionKey("backbone", EncryptionRole.BACKBONE, NOW))
                .isPresent();
        assertThat(trust.encryptionKey("quarantine-officer", EncryptionRole.QUARANTINE_OFFICER, NOW))
                .isPresent();

        pki.revoke(ca, second.keyId(), NOW.plus(Duration.ofDays(302)), RevocationReason.KEY_COMPROMISE);
        assertThat(pki.loadTrustStore(CLOCK)
                        .encryptionKey("ice", EncryptionRole.AGENCY, NOW.plus(Duration.ofDays(303)))
                        .orElseThrow()
                        .keyId())
                .isEqualTo(first.keyId());
        assertThatThrownBy(() -> pki.decryptionKeys("guard", EncryptionRole.AGENCY, Optional.empty()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("no agency-encryption certificate for guard");
    }

    @Test
    void initRefusesToReplaceAnExistingCa() {
        assertThatThrownBy(() -> pki.init("again", PkiFixtures.oneYear(), Optional.empty(), RANDOM))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("a CA already exists in " + root);
    }

    @Test
    void issuingWithoutACaSaysToRunInit(@TempDir Path empty) {
        assertThatThrownBy(() -> PkiDirectory.at(empty).authority(Optional.empty(), CLOCK, RANDOM))
                .isInstanceOf(PkiException.class)
                .hasMessage("no CA in " + empty + ": run `liaison pki init` first");
    }

    @Test
    void encryptedCaKeyNeedsItsPassphrase(@TempDir Path other) {
        PkiDirectory encrypted = PkiDirectory.at(other);
        encrypted.init("CA", PkiFixtures.oneYear(), Optional.of(Passphrase.of("ca pass")), RANDOM);

        assertThatThrownBy(() -> encrypted.authority(Optional.empty(), CLOCK, RANDOM))
                .hasMessageContaining("a passphrase is required");
        assertThat(encrypted
                        .authority(Optional.of(Passphrase.of("ca pass")), CLOCK, RANDOM)
                        .certificate())
                .isEqualTo(encrypted.anchor().certificate());
    }

    @Test
    void rotationKeepsTheOldKeyTrustedDuringTheOverlap() {
        IssuedCertificate old =
                pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        Validity later = Validity.of(NOW.plus(Duration.ofDays(300)), Duration.ofDays(365));
        IssuedCertificate rotated = pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, later, Optional.empty());

        assertThat(root.resolve("agencies/cpd/previous/" + old.keyId() + ".crt"))
                .exists();
        assertThat(root.resolve("agencies/cpd/previous/" + old.keyId() + ".key"))
                .exists();
        assertThat(pki.signingIdentity("cpd", KeyRole.AGENCY_SIGNING, Optional.empty())
                        .keyId())
                .isEqualTo(rotated.keyId());

        TrustStore store = pki.loadTrustStore(CLOCK);
        Instant overlap = NOW.plus(Duration.ofDays(330));
        assertThat(store.status(old.keyId(), overlap)).isInstanceOf(KeyStatus.Valid.class);
        assertThat(store.status(rotated.keyId(), overlap)).isInstanceOf(KeyStatus.Valid.class);
        Instant afterOldExpiry = NOW.plus(Duration.ofDays(366));
        assertThat(store.status(old.keyId(), afterOldExpiry)).isInstanceOf(KeyStatus.OutsideValidity.class);
        assertThat(store.status(rotated.keyId(), afterOldExpiry)).isInstanceOf(KeyStatus.Valid.class);
    }

    @Test
    void revocationIsAppliedFromItsTimeWhenTheDirectoryIsLoaded() {
        IssuedCertificate cpd =
                pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        IssuedCertificate fbi =
                pki.issueSigning(ca, "fbi", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        Instant revokedAt = NOW.plus(Duration.ofDays(10));

        Revocation revocation =
                pki.revoke(ca, cpd.keyId().substring(0, 12), revokedAt, RevocationReason.KEY_COMPROMISE);

        assertThat(revocation).isEqualTo(new Revocation(cpd.keyId(), revokedAt, RevocationReason.KEY_COMPROMISE));
        TrustStore store = pki.loadTrustStore(CLOCK);
        assertThat(store.status(cpd.keyId(), revokedAt.minusSeconds(1))).isInstanceOf(KeyStatus.Valid.class);
        assertThat(store.status(cpd.keyId(), revokedAt)).isInstanceOf(KeyStatus.Revoked.class);
        assertThat(store.status(fbi.keyId(), revokedAt)).isInstanceOf(KeyStatus.Valid.class);
    }

    @Test
    void revokingAgainKeepsTheEarlierTimeAndEveryOtherEntry() {
        IssuedCertificate cpd =
                pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        IssuedCertificate fbi =
                pki.issueSigning(ca, "fbi", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        pki.revoke(ca, fbi.keyId(), NOW, RevocationReason.SUPERSEDED);
        pki.revoke(ca, cpd.keyId(), NOW.plusSeconds(100), RevocationReason.KEY_COMPROMISE);

        Revocation again = pki.revoke(ca, cpd.keyId(), NOW.plusSeconds(500), RevocationReason.SUPERSEDED);

        assertThat(again).isEqualTo(new Revocation(cpd.keyId(), NOW.plusSeconds(100), RevocationReason.KEY_COMPROMISE));
        assertThat(RevocationListEntry.of(pki.revocationList().orElseThrow())).hasSize(2);
    }

    @Test
    void revokeNamesTheProblemWithAKeyId() {
        pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());

        assertThatThrownBy(() -> pki.revoke(ca, "abc", NOW, RevocationReason.UNSPECIFIED))
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> pki.revoke(ca, "0000000000", NOW, RevocationReason.UNSPECIFIED))
                .hasMessageContaining("no certificate with key id 0000000000");
        assertThatThrownBy(() -> pki.revoke(ca, pki.anchor().keyId(), NOW, RevocationReason.UNSPECIFIED))
                .hasMessageContaining("is the CA itself");
    }

    @Test
    void openSslVerifyReportsARevokedCertificateFromTheCrl() {
        OpenSsl.assumeAvailable();
        IssuedCertificate cpd =
                pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        String at = Long.toString(NOW.plusSeconds(60).getEpochSecond());
        assertThat(OpenSsl.run(root, "verify", "-attime", at, "-CAfile", "ca/ca.crt", "agencies/cpd/signing.crt")
                        .exitCode())
                .isZero();

        pki.revoke(ca, cpd.keyId(), NOW, RevocationReason.KEY_COMPROMISE);

        assertThat(OpenSsl.run(root, "crl", "-in", "revocations.crl", "-noout", "-text")
                        .output())
                .contains(
                        "Key Compromise",
                        cpd.certificate().getSerialNumber().toString(16).toUpperCase());
        OpenSsl.Result verify = OpenSsl.run(
                root,
                "verify",
                "-attime",
                at,
                "-crl_check",
                "-CAfile",
                "ca/ca.crt",
                "-CRLfile",
                "revocations.crl",
                "agencies/cpd/signing.crt");
        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.output()).contains("certificate revoked");
    }

    @Test
    void loadingRefusesAnExpiredCa() {
        Clock afterCa = Clock.fixed(NOW.plus(Duration.ofDays(3651)), ZoneOffset.UTC);

        assertThatThrownBy(() -> pki.loadTrustStore(afterCa))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("CA certificate");
    }

    @Test
    void loadingRefusesACertificateFromAnotherCa() {
        CertificateAuthority other = PkiFixtures.newCa();
        PemFiles.writePublic(
                root.resolve("agencies/rogue/signing.crt"),
                other.issueSigning("rogue", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear())
                        .certificate());

        assertThatThrownBy(() -> pki.loadTrustStore(CLOCK))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("is not signed by the CA");
    }

    @Test
    void trustItemsCarryTheCaEveryKeyAndEachRevocation() {
        IssuedCertificate cpd =
                pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        IssuedCertificate backbone =
                pki.issueSigning(ca, "backbone", KeyRole.BACKBONE_ATTESTATION, PkiFixtures.oneYear(), Optional.empty());
        pki.issueTls(
                ca,
                "broker-1",
                CertificateKind.TLS_SERVER,
                List.of("localhost"),
                List.of(),
                PkiFixtures.oneYear(),
                Optional.empty(),
                RANDOM);
        IssuedCertificate analyst = pki.issueTls(
                ca,
                "ice",
                CertificateKind.TLS_CLIENT,
                List.of("jdoe.ice.analysts"),
                List.of(),
                PkiFixtures.oneYear(),
                Optional.empty(),
                RANDOM);
        pki.revoke(ca, cpd.keyId(), NOW.plusSeconds(60), RevocationReason.KEY_COMPROMISE);
        pki.revoke(ca, analyst.keyId(), NOW.plusSeconds(60), RevocationReason.KEY_COMPROMISE);

        List<TrustItem> items = pki.trustItems();

        assertThat(items)
                .extracting(TrustItem::keyId)
                .containsExactly(pki.anchor().keyId(), backbone.keyId(), cpd.keyId(), analyst.keyId());
        assertThat(items.subList(2, 4)).allMatch(item -> item instanceof TrustItem.RevocationItem);
        TrustStore fromTopic = new TrustStore();
        items.forEach(item -> TrustItems.apply(TrustItems.decode(TrustItems.encode(item)), pki.anchor(), fromTopic));
        assertThat(fromTopic.status(cpd.keyId(), NOW.plusSeconds(60))).isInstanceOf(KeyStatus.Revoked.class);
        assertThat(fromTopic.status(backbone.keyId(), NOW.plusSeconds(60))).isInstanceOf(KeyStatus.Valid.class);
        assertThat(fromTopic.revocation(analyst.keyId(), NOW.plusSeconds(60))).isPresent();
    }

    @Test
    void listShowsOwnerRoleValidityAndRevocation() {
        IssuedCertificate old =
                pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        pki.issueSigning(ca, "cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear(), Optional.empty());
        pki.revoke(ca, old.keyId(), NOW, RevocationReason.SUPERSEDED);

        List<PkiDirectory.CertificateEntry> entries = pki.list();

        assertThat(entries)
                .extracting(PkiDirectory.CertificateEntry::roleLabel)
                .containsExactly("root-ca", "agency-signing", "agency-signing");
        PkiDirectory.CertificateEntry retired = entries.stream()
                .filter(e -> e.keyId().equals(old.keyId()))
                .findFirst()
                .orElseThrow();
        assertThat(retired.current()).isFalse();
        assertThat(retired.owner()).isEqualTo("cpd");
        assertThat(retired.revocation()).contains(new Revocation(old.keyId(), NOW, RevocationReason.SUPERSEDED));
    }
}
