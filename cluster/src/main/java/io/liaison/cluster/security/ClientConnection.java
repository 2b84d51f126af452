package io.liaison.cluster.security;

import io.liaison.pki.TlsPolicy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a Kafka client connects: SCRAM-SHA-512 over TLS ({@value #PROTOCOL}), the server checked
 * against {@link ClientTrust}. The one place that turns a credential into client properties, so
 * producers, consumers, Streams and admin clients are configured alike; pass {@link #properties()}
 * as the client's overrides. There is no plaintext variant: the backbone's brokers refuse one.
 *
 * @param credential the SCRAM credential
 * @param trust      the CA the broker's certificate must chain to
 */
public record ClientConnection(ScramCredential credential, ClientTrust trust) {
    /** The only SASL mechanism the backbone enables. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** The only security protocol Liaison clients use. */
    public static final String PROTOCOL = "SASL_SSL";
    /**
     * {@code receive.buffer.bytes} of every client: -1 leaves the socket's receive buffer to the
     * operating system, which grows it with the connection. With Kafka's fixed 32-64 KiB buffers,
     * TLS fetch responses to read_committed readers arrived hundreds of milliseconds to seconds
     * late, in steps of about 300 ms (BENCHMARKS.md, issue 21; docs/operations.md).
     */
    public static final int RECEIVE_BUFFER_BYTES = -1;

    public ClientConnection {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(trust, "trust");
    }

    /** SCRAM-SHA-512 over TLS. */
    public static ClientConnection scram(ScramCredential credential, ClientTrust trust) {
        return new ClientConnection(credential, trust);
    }

    /**
     * Checks a configured {@code security.protocol}: only {@value #PROTOCOL} is accepted, so a
     * deployment still set to a plaintext protocol fails at start-up, naming the setting.
     */
    public static String requireSupportedProtocol(String setting, String value) {
        String protocol = value.trim().toUpperCase(Locale.ROOT);
        if (!protocol.equals(PROTOCOL)) {
            throw new IllegalArgumentException(setting + " must be " + PROTOCOL + ", was '" + value
                    + "': Liaison connects to Kafka only over TLS (see docs/encryption.md)");
        }
        return protocol;
    }

    /**
     * Refuses extra client properties that would undo TLS: another {@code security.protocol}, a
     * blank or other {@code ssl.endpoint.identification.algorithm} (no host name check), or TLS
     * versions outside {@link TlsPolicy#PROTOCOLS}. {@code source} names where they came from.
     */
    public static void requireTlsKept(Map<String, ?> overrides, String source) {
        overrides.forEach((key, value) -> {
            String text = String.valueOf(value).trim();
            switch (key) {
                case "security.protocol" -> requireSupportedProtocol(source + " security.protocol", text);
                case "ssl.endpoint.identification.algorithm" -> {
                    if (!text.equalsIgnoreCase("https")) {
                        throw new IllegalArgumentException(
                                source + " ssl.endpoint.identification.algorithm must stay https, was '" + text
                                        + "': without it any certificate of the CA could impersonate a broker");
                    }
                }
                case "ssl.protocol", "ssl.enabled.protocols" -> {
                    for (String version : text.split("\\s*,\\s*")) {
                        if (!TlsPolicy.PROTOCOLS.contains(version)) {
                            throw new IllegalArgumentException(source + " " + key + " may name only "
                                    + TlsPolicy.protocols() + ", was '" + text + "'");
                        }
                    }
                }
                default -> {}
            }
        });
    }

    /**
     * The client properties: {@code security.protocol}, the SASL login, the TLS settings of
     * {@link ClientTrust#kafkaProperties()} and the socket's {@link #RECEIVE_BUFFER_BYTES}.
     */
    public Map<String, String> properties() {
        Map<String, String> p = new HashMap<>(trust.kafkaProperties());
        p.put("receive.buffer.bytes", String.valueOf(RECEIVE_BUFFER_BYTES));
        p.put("security.protocol", PROTOCOL);
        p.put("sasl.mechanism", SCRAM_MECHANISM);
        p.put("sasl.jaas.config", scramJaasLine(credential));
        return Map.copyOf(p);
    }

    /** A JAAS line for Kafka's SCRAM login module (the credential's validation keeps it unquotable-safe). */
    public static String scramJaasLine(ScramCredential credential) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + credential.user()
                + "\" password=\"" + new String(credential.password().chars()) + "\";";
    }

    @Override
    public String toString() {
        return "ClientConnection[" + PROTOCOL + " as " + credential.principal() + ", trusting " + trust.trustStore()
                + "]";
    }
}
