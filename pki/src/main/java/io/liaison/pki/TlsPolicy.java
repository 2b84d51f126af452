package io.liaison.pki;

import java.util.List;

/**
 * The TLS versions and cipher suites every Liaison wire allows (Kafka listeners and clients, the
 * schema registry, the HTTP gateways); docs/encryption.md explains the choice. Every certificate
 * the backbone CA issues for TLS is ECDSA P-256, so the TLS 1.2 suites are the ECDSA ones; all are
 * ephemeral ECDH with AES-GCM (forward secrecy, AEAD, FIPS 140-approved algorithms).
 */
public final class TlsPolicy {
    /** TLS 1.3 first; TLS 1.2 for peers that lack 1.3. Nothing older. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3 suites (always ECDHE), then TLS 1.2 ECDHE-ECDSA with AES-GCM. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");

    private TlsPolicy() {}

    /** {@link #PROTOCOLS} as a Kafka list value ({@code ssl.enabled.protocols}). */
    public static String protocols() {
        return String.join(",", PROTOCOLS);
    }

    /** {@link #CIPHER_SUITES} as a Kafka list value ({@code ssl.cipher.suites}). */
    public static String cipherSuites() {
        return String.join(",", CIPHER_SUITES);
    }
}
