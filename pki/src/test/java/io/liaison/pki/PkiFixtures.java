package io.liaison.pki;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** A fresh in-memory CA on a fixed clock, shared by the pki tests. */
final class PkiFixtures {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SecureRandom RANDOM = new SecureRandom();

    private PkiFixtures() {}

    static CertificateAuthority newCa() {
        IssuedCertificate root = CertificateAuthority.createRoot(
                CertificateAuthority.DEFAULT_NAME, Validity.starting(CLOCK, Validity.DEFAULT_CA), RANDOM);
        return CertificateAuthority.of(root.certificate(), root.privateKey(), CLOCK, RANDOM);
    }

    static Validity oneYear() {
        return Validity.starting(CLOCK, Duration.ofDays(365));
    }
}
