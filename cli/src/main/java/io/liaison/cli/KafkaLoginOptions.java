package io.liaison.cli;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.runtime.config.KafkaLogin;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.Setting;
import io.liaison.runtime.config.SettingSources;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka login options every command that talks to the cluster shares (a picocli mixin); each
 * falls back as {@link KafkaLogin} describes: environment, then {@code connection.properties}.
 */
public final class KafkaLoginOptions {
    @Option(
            names = "--security-protocol",
            paramLabel = "PROTOCOL",
            description =
                    "SASL_SSL, the only one accepted: SCRAM-SHA-512 over TLS (default: $LIAISON_KAFKA_SECURITY_PROTOCOL, else connection.properties, else SASL_SSL).")
    String securityProtocol;

    @Option(
            names = "--truststore",
            paramLabel = "FILE",
            description =
                    "PKCS#12 trust store with the backbone CA, password in FILE.password (default: $LIAISON_TLS_TRUSTSTORE, "
                            + "else connection.properties, else tls/truststore.p12 of $LIAISON_PKI_DIR).")
    String trustStore;

    @Option(
            names = "--secrets-dir",
            paramLabel = "DIR",
            description =
                    "Directory of <user>.password files (default: $LIAISON_SECRETS_DIR, else connection.properties, else $LIAISON_HOME/secrets).")
    String secretsDir;

    @Option(
            names = "--kafka-user",
            paramLabel = "USER",
            description = "Kafka user to log in as (default: $LIAISON_SCRAM_USER, else the command's own principal).")
    String user;

    /** How to log in, for a command whose own principal is {@code defaultUser}. */
    public ClientConnection connection(LiaisonHome home, String defaultUser) {
        return KafkaLogin.resolve(SettingSources.of(home), defaultUser, explicit(user));
    }

    /** {@link #connection} as Kafka client properties. */
    public Map<String, Object> properties(LiaisonHome home, String defaultUser) {
        return new HashMap<>(connection(home, defaultUser).properties());
    }

    /**
     * How {@code asUser} logs in, with this command's protocol, trust store and secrets directory
     * (a command reading as two principals).
     */
    public Map<String, Object> propertiesAs(LiaisonHome home, String asUser) {
        return new HashMap<>(KafkaLogin.resolve(SettingSources.of(home), asUser, explicit(asUser))
                .properties());
    }

    /** The login settings given as options; {@code scramUser} null leaves the user to the settings or the default. */
    private Map<Setting<?>, String> explicit(String scramUser) {
        Map<Setting<?>, String> explicit = new HashMap<>();
        explicit.put(LiaisonSettings.KAFKA_SECURITY_PROTOCOL, securityProtocol);
        explicit.put(LiaisonSettings.SECRETS_DIR, secretsDir);
        explicit.put(LiaisonSettings.SCRAM_USER, scramUser);
        explicit.put(LiaisonSettings.TLS_TRUSTSTORE, trustStore);
        return explicit;
    }

    public String secretsDir() {
        return secretsDir;
    }
}
