package io.liaison.pki;

import io.liaison.kernel.trust.KeyRole;
import java.util.Arrays;
import java.util.Optional;

/**
 * The certificate profiles the backbone CA issues. The kind is carried in the subject's
 * organizational unit ({@code OU=agency-signing}), so it is covered by the CA's signature and
 * visible in {@code openssl x509 -subject}; docs/signing.md explains why an OU rather than a
 * private extended-key-usage OID (the project has no registered OID arc).
 */
public enum CertificateKind {
    AGENCY_SIGNING("agency-signing", KeyRole.AGENCY_SIGNING),
    BACKBONE_ATTESTATION("backbone-attestation", KeyRole.BACKBONE_ATTESTATION),
    WITNESS("witness", KeyRole.WITNESS),
    /** ECDSA P-256 TLS server certificate for a broker or gateway listener. */
    TLS_SERVER("tls-server", null),
    /** ECDSA P-256 TLS client certificate (mTLS) for an agency gateway or backbone service. */
    TLS_CLIENT("tls-client", null),
    /**
     * ECDSA P-256 certificate of a Kafka node: server to its clients and, with the same key, both
     * ends of the mutual TLS between brokers and controllers (Kafka uses one key store per listener
     * for both directions), so it carries serverAuth and clientAuth.
     */
    TLS_BROKER("tls-broker", null);

    private final String organizationalUnit;
    private final KeyRole keyRole;

    CertificateKind(String organizationalUnit, KeyRole keyRole) {
        this.organizationalUnit = organizationalUnit;
        this.keyRole = keyRole;
    }

    /** The subject OU that marks this kind, also its name in the CLI and in {@code pki list}. */
    public String organizationalUnit() {
        return organizationalUnit;
    }

    /** The Ed25519 role this kind signs for; empty for TLS kinds, which are never trusted signers. */
    public Optional<KeyRole> keyRole() {
        return Optional.ofNullable(keyRole);
    }

    public boolean isTls() {
        return keyRole == null;
    }

    public static CertificateKind of(KeyRole role) {
        return Arrays.stream(values())
                .filter(k -> k.keyRole == role)
                .findFirst()
                .orElseThrow();
    }

    public static Optional<CertificateKind> ofOrganizationalUnit(String ou) {
        return Arrays.stream(values())
                .filter(k -> k.organizationalUnit.equals(ou))
                .findFirst();
    }
}
