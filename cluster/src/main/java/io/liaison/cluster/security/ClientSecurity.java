package io.liaison.cluster.security;

import java.util.Map;
import java.util.Objects;

/**
 * How a Kafka client authenticates: the one place that turns a credential into client properties,
 * so producers, consumers, Streams and admin clients are configured alike. Pass
 * {@link #properties()} as the client's overrides.
 *
 * @param protocol   the client listener's security protocol
 * @param credential the SCRAM credential; null exactly when the protocol is {@link Protocol#PLAINTEXT}
 */
public record ClientSecurity(Protocol protocol, ScramCredential credential) {
    /** The only SASL mechanism the backbone enables. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    /** Security protocols the backbone's client listener may use. */
    public enum Protocol {
        /** No authentication: only for a broker reachable by nobody else (the unsecured embedded mode). */
        PLAINTEXT,
        /** SCRAM-SHA-512 over plain TCP: the embedded default on 127.0.0.1 and a private network. */
        SASL_PLAINTEXT,
        /** SCRAM-SHA-512 over TLS: production across hosts (trust store settings go in the client's overrides). */
        SASL_SSL;

        public boolean authenticates() {
            return this != PLAINTEXT;
        }
    }

    public ClientSecurity {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol.authenticates() && credential == null) {
            throw new IllegalArgumentException("security protocol " + protocol + " needs a SCRAM credential");
        }
        if (!protocol.authenticates() && credential != null) {
            throw new IllegalArgumentException("security protocol PLAINTEXT does not authenticate: drop the credential of " + credential.user());
        }
    }

    public static ClientSecurity plaintext() {
        return new ClientSecurity(Protocol.PLAINTEXT, null);
    }

    /** SCRAM-SHA-512 over SASL_PLAINTEXT. */
    public static ClientSecurity scram(ScramCredential credential) {
        return new ClientSecurity(Protocol.SASL_PLAINTEXT, credential);
    }

    /** The client properties: {@code security.protocol}, and for SASL {@code sasl.mechanism} and {@code sasl.jaas.config}. */
    public Map<String, String> properties() {
        if (!protocol.authenticates()) {
            return Map.of("security.protocol", protocol.name());
        }
        return Map.of(
                "security.protocol", protocol.name(),
                "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", scramJaasLine(credential));
    }

    /** A JAAS line for Kafka's SCRAM login module (the credential's validation keeps it unquotable-safe). */
    public static String scramJaasLine(ScramCredential credential) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + credential.user()
                + "\" password=\"" + new String(credential.password().chars()) + "\";";
    }

    @Override
    public String toString() {
        return "ClientSecurity[" + protocol + (credential == null ? "" : " as " + credential.principal()) + "]";
    }
}
