package io.liaison.producer;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.Validity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** An in-memory CA with agency signing keys and the trust store that knows them. */
public final class TestIdentities {
    private final CertificateAuthority ca;
    private final TrustStore trust = new TrustStore();

    public TestIdentities() {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        IssuedCertificate root = CertificateAuthority.createRoot(CertificateAuthority.DEFAULT_NAME,
                Validity.starting(clock, Duration.ofDays(30)), random);
        ca = CertificateAuthority.of(root.certificate(), root.privateKey(), clock, random);
    }

    /** A new signing identity of {@code agency}, trusted by {@link #trust()}. */
    public SigningIdentity agency(String agency) {
        IssuedCertificate cert = ca.issueSigning(agency, KeyRole.AGENCY_SIGNING, Validity.starting(Clock.systemUTC(), Duration.ofDays(7)));
        trust.add(ca.anchor().trustedKey(cert.certificate()));
        return SigningIdentities.of(cert.privateKey(), cert.certificate());
    }

    public TrustStore trust() {
        return trust;
    }

    public CertificateAuthority ca() {
        return ca;
    }
}
