package io.liaison.testing;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.DecryptionKeyFiles;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.TrustAnchor;
import io.liaison.pki.Validity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real, in-memory PKI for tests: a root CA, signing identities it issues, and the trust store
 * that knows them. The root's validity starts ten days back so tests can issue already-expired
 * leaves; leaves are valid for a day from now.
 */
public final class TestPki {
    private final CertificateAuthority ca;
    private final TrustAnchor anchor;
    private final TrustStore trust = new TrustStore();

    public TestPki(String rootName) {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        IssuedCertificate root = CertificateAuthority.createRoot(
                rootName, Validity.of(clock.instant().minus(Duration.ofDays(10)), Duration.ofDays(20)), random);
        ca = CertificateAuthority.of(root.certificate(), root.privateKey(), clock, random);
        anchor = TrustAnchor.of(root.certificate());
    }

    /** Identities issued by an existing CA, e.g. a PKI directory's that also issues a test's TLS certificates. */
    public TestPki(CertificateAuthority ca) {
        this.ca = ca;
        this.anchor = ca.anchor();
    }

    /** A new signing identity of {@code owner} in {@code role}, valid for a day and trusted by {@link #trust()}. */
    public SigningIdentity issue(String owner, KeyRole role) {
        IssuedCertificate cert = ca.issueSigning(owner, role, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        trust.add(anchor.trustedKey(cert.certificate()));
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    /** A new agency signing identity. */
    public SigningIdentity agency(String agency) {
        return issue(agency, KeyRole.AGENCY_SIGNING);
    }

    /** A new backbone attestation identity. */
    public SigningIdentity backbone() {
        return issue(CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION);
    }

    /** A new X25519 encryption key of {@code owner} in {@code role}, valid for a day; its certificate is in {@link #trust()}. */
    public DecryptionKeys encryption(String owner, EncryptionRole role) {
        IssuedCertificate cert =
                ca.issueEncryption(owner, role, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
        trust.add(anchor.encryptionKey(cert.certificate()));
        return DecryptionKeys.of(owner, List.of(DecryptionKeyFiles.of(cert.privateKey(), cert.certificate())));
    }

    /** A new agency encryption key (its inbox copies are sealed to it). */
    public DecryptionKeys agencyEncryption(String agency) {
        return encryption(agency, EncryptionRole.AGENCY);
    }

    /** The backbone's encryption key (ingress is sealed to it). */
    public DecryptionKeys backboneEncryption() {
        return encryption(CertificateProfiles.BACKBONE_OWNER, EncryptionRole.BACKBONE);
    }

    /** The quarantine officer's encryption key. */
    public DecryptionKeys quarantineOfficer() {
        return encryption(CertificateProfiles.QUARANTINE_OFFICER_OWNER, EncryptionRole.QUARANTINE_OFFICER);
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public TrustAnchor anchor() {
        return anchor;
    }

    public TrustStore trust() {
        return trust;
    }
}
