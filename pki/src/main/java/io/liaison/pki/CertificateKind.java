package io.liaison.pki;

import io.liaison.kernel.seal.EncryptionRole;
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
    AGENCY_SIGNING("agency-signing", KeyRole.AGENCY_SIGNING, null),
    BACKBONE_ATTESTATION("backbone-attestation", KeyRole.BACKBONE_ATTESTATION, null),
    WITNESS("witness", KeyRole.WITNESS, null),
    /** X25519, keyUsage keyAgreement: an agency's inbox copies are sealed to it (docs/encryption.md). */
    AGENCY_ENCRYPTION("agency-encryption", null, EncryptionRole.AGENCY),
    /** X25519, keyUsage keyAgreement: gateways seal ingress messages to it. */
    BACKBONE_ENCRYPTION("backbone-encryption", null, EncryptionRole.BACKBONE),
    /** X25519, keyUsage keyAgreement: quarantined inputs are sealed to it. */
    QUARANTINE_ENCRYPTION("quarantine-encryption", null, EncryptionRole.QUARANTINE_OFFICER),
    /** ECDSA P-256 TLS server certificate for a broker or gateway listener. */
    TLS_SERVER("tls-server", null, null),
    /** ECDSA P-256 TLS client certificate (mTLS) for an agency gateway or backbone service. */
    TLS_CLIENT("tls-client", null, null),
    /**
     * ECDSA P-256 certificate of a Kafka node: server to its clients and, with the same key, both
     * ends of the mutual TLS between brokers and controllers (Kafka uses one key store per listener
     * for both directions), so it carries serverAuth and clientAuth.
     */
    TLS_BROKER("tls-broker", null, null);

    private final String organizationalUnit;
    private final KeyRole keyRole;
    private final EncryptionRole encryptionRole;

    CertificateKind(String organizationalUnit, KeyRole keyRole, EncryptionRole encryptionRole) {
        this.organizationalUnit = organizationalUnit;
        this.keyRole = keyRole;
        this.encryptionRole = encryptionRole;
    }

    /** The subject OU that marks this kind, also its name in the CLI and in {@code pki list}. */
    public String organizationalUnit() {
        return organizationalUnit;
    }

    /** The Ed25519 role this kind signs for; empty for encryption and TLS kinds, which are never trusted signers. */
    public Optional<KeyRole> keyRole() {
        return Optional.ofNullable(keyRole);
    }

    /** Whose X25519 encryption key this kind certifies; empty for signing and TLS kinds. */
    public Optional<EncryptionRole> encryptionRole() {
        return Optional.ofNullable(encryptionRole);
    }

    public boolean isEncryption() {
        return encryptionRole != null;
    }

    public boolean isTls() {
        return keyRole == null && encryptionRole == null;
    }

    public static CertificateKind of(KeyRole role) {
        return Arrays.stream(values())
                .filter(k -> k.keyRole == role)
                .findFirst()
                .orElseThrow();
    }

    public static CertificateKind of(EncryptionRole role) {
        return Arrays.stream(values())
                .filter(k -> k.encryptionRole == role)
                .findFirst()
                .orElseThrow();
    }

    public static Optional<CertificateKind> ofOrganizationalUnit(String ou) {
        return Arrays.stream(values())
                .filter(k -> k.organizationalUnit.equals(ou))
                .findFirst();
    }
}
