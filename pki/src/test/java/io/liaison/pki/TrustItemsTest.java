package io.liaison.pki;

import static io.liaison.pki.PkiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.kernel.trust.TrustStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;

class TrustItemsTest {
    private final CertificateAuthority ca = PkiFixtures.newCa();
    private final IssuedCertificate cpd = ca.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());

    @Test
    void certificateItemRoundTripsThroughBytes() {
        TrustItem item = new TrustItem.CertificateItem(cpd.certificate());

        byte[] bytes = TrustItems.encode(item);

        assertThat(new String(bytes, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(TrustItems.decode(bytes)).isEqualTo(item);
        assertThat(TrustItems.decode(bytes).keyId()).isEqualTo(cpd.keyId());
    }

    @Test
    void revocationItemRoundTripsThroughBytes() {
        TrustItem item = new TrustItem.RevocationItem(cpd.certificate(), crlRevoking(cpd, NOW.plusSeconds(3600)));

        TrustItem decoded = TrustItems.decode(TrustItems.encode(item));

        assertThat(decoded).isEqualTo(item);
        assertThat(decoded.keyId()).isEqualTo(cpd.keyId());
    }

    @Test
    void bytesThatAreNotATrustItemAreRefused() {
        assertThatThrownBy(() -> TrustItems.decode("garbage".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("a trust item must be one CERTIFICATE");
    }

    @Test
    void appliedCertificateIsTrustedWithinItsValidityOnly() {
        TrustStore store = new TrustStore();

        TrustItems.apply(
                TrustItems.decode(TrustItems.encode(new TrustItem.CertificateItem(cpd.certificate()))),
                ca.anchor(),
                store);

        assertThat(store.status(cpd.keyId(), NOW)).isInstanceOf(KeyStatus.Valid.class);
        assertThat(store.status(cpd.keyId(), NOW.plus(Duration.ofDays(366))))
                .isInstanceOf(KeyStatus.OutsideValidity.class);
        assertThat(store.status(cpd.keyId(), NOW.minusSeconds(1))).isInstanceOf(KeyStatus.OutsideValidity.class);
    }

    @Test
    void appliedRevocationTakesEffectFromItsStatedTime() {
        Instant revokedAt = NOW.plusSeconds(3600);
        TrustStore store = new TrustStore();

        TrustItems.apply(
                new TrustItem.RevocationItem(cpd.certificate(), crlRevoking(cpd, revokedAt)), ca.anchor(), store);

        assertThat(store.status(cpd.keyId(), revokedAt.minusSeconds(1))).isInstanceOf(KeyStatus.Valid.class);
        assertThat(store.status(cpd.keyId(), revokedAt))
                .isEqualTo(new KeyStatus.Revoked(
                        store.key(cpd.keyId()).orElseThrow(), revokedAt, RevocationReason.KEY_COMPROMISE.label()));
        assertThat(store.status(cpd.keyId(), revokedAt.plusSeconds(1))).isInstanceOf(KeyStatus.Revoked.class);
    }

    @Test
    void aCertificatePublishedAgainAfterItsRevocationDoesNotLiftIt() {
        Instant revokedAt = NOW.plusSeconds(3600);
        TrustStore store = new TrustStore();
        TrustItems.apply(
                new TrustItem.RevocationItem(cpd.certificate(), crlRevoking(cpd, revokedAt)), ca.anchor(), store);

        TrustItems.apply(new TrustItem.CertificateItem(cpd.certificate()), ca.anchor(), store);

        assertThat(store.status(cpd.keyId(), revokedAt)).isInstanceOf(KeyStatus.Revoked.class);
    }

    @Test
    void aRevocationHasItsOwnTopicKeySoCompactionKeepsItBesideALaterCertificateRecord() {
        TrustItem certificate = new TrustItem.CertificateItem(cpd.certificate());
        TrustItem revocation = new TrustItem.RevocationItem(cpd.certificate(), crlRevoking(cpd, NOW));

        assertThat(TrustItems.topicKey(certificate)).isEqualTo(cpd.keyId());
        assertThat(TrustItems.topicKey(revocation)).isEqualTo("revoked:" + cpd.keyId());
    }

    @Test
    void certificateOfAnotherCaIsRefusedAndNotAdded() {
        CertificateAuthority other = PkiFixtures.newCa();
        IssuedCertificate foreign = other.issueSigning("cpd", KeyRole.AGENCY_SIGNING, PkiFixtures.oneYear());
        TrustStore store = new TrustStore();

        assertThatThrownBy(() ->
                        TrustItems.apply(new TrustItem.CertificateItem(foreign.certificate()), ca.anchor(), store))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("is not signed by the CA");
        assertThat(store.keys()).isEmpty();
        assertThatThrownBy(
                        () -> TrustItems.apply(new TrustItem.CertificateItem(other.certificate()), ca.anchor(), store))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("other than the pinned CA");
    }

    @Test
    void revocationListSignedByAnotherCaIsRefused() {
        CertificateAuthority other = PkiFixtures.newCa();
        X509CRLHolder forged = other.revocationList(
                List.of(new RevocationListEntry(
                        cpd.certificate().getSerialNumber(), NOW, RevocationReason.KEY_COMPROMISE)),
                BigInteger.ONE);
        TrustStore store = new TrustStore();

        assertThatThrownBy(() ->
                        TrustItems.apply(new TrustItem.RevocationItem(cpd.certificate(), forged), ca.anchor(), store))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("revocation list is not signed by the CA");
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void aRevokedTlsCertificateIsRecordedAsRevokedButNeverTrustedAsAKey() {
        IssuedCertificate client = ca.issueTls(
                "cpd", CertificateKind.TLS_CLIENT, List.of("jdoe.cpd.analysts"), List.of(), PkiFixtures.oneYear());
        TrustStore store = new TrustStore();

        assertThat(TrustItems.apply(
                        new TrustItem.RevocationItem(client.certificate(), crlRevoking(client, NOW)),
                        ca.anchor(),
                        store))
                .isEmpty();

        assertThat(store.keys()).isEmpty();
        assertThat(store.revocation(client.keyId(), NOW))
                .contains(new TrustStore.RevokedKeyId(client.keyId(), NOW, RevocationReason.KEY_COMPROMISE.label()));
        assertThat(store.revocation(client.keyId(), NOW.minusSeconds(1))).isEmpty();
        assertThatThrownBy(
                        () -> TrustItems.apply(new TrustItem.CertificateItem(client.certificate()), ca.anchor(), store))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("not a signing key");
    }

    @Test
    void anEncryptionCertificateFromTheTopicBecomesAnEncryptionKeyAndItsRevocationApplies() {
        IssuedCertificate ice = ca.issueEncryption("ice", EncryptionRole.AGENCY, PkiFixtures.oneYear());
        TrustStore store = new TrustStore();

        assertThat(TrustItems.apply(
                        TrustItems.decode(TrustItems.encode(new TrustItem.CertificateItem(ice.certificate()))),
                        ca.anchor(),
                        store))
                .isEmpty();
        assertThat(store.encryptionKey("ice", EncryptionRole.AGENCY, NOW))
                .map(EncryptionKey::keyId)
                .contains(ice.keyId());
        assertThat(store.keys()).as("never a signing key").isEmpty();

        Instant revokedAt = NOW.plusSeconds(60);
        TrustItems.apply(
                new TrustItem.RevocationItem(ice.certificate(), crlRevoking(ice, revokedAt)), ca.anchor(), store);
        assertThat(store.encryptionKey("ice", EncryptionRole.AGENCY, revokedAt.minusSeconds(1)))
                .isPresent();
        assertThat(store.encryptionKey("ice", EncryptionRole.AGENCY, revokedAt)).isEmpty();
    }

    @Test
    void theCaItselfIsAcceptedButAddsNoKey() {
        TrustStore store = new TrustStore();

        assertThat(TrustItems.apply(new TrustItem.CertificateItem(ca.certificate()), ca.anchor(), store))
                .isEmpty();
        assertThat(store.keys()).isEmpty();
    }

    private X509CRLHolder crlRevoking(IssuedCertificate issued, Instant at) {
        return ca.revocationList(
                List.of(new RevocationListEntry(
                        issued.certificate().getSerialNumber(), at, RevocationReason.KEY_COMPROMISE)),
                BigInteger.ONE);
    }
}
