package io.liaison.runtime.config;

import io.liaison.runtime.StartupRefusedException;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.ScramCredential;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a command logs in to Kafka: SCRAM-SHA-512 over TLS, always. Each setting resolves like
 * {@link ConnectionSettings}: the command's option, then the environment variable, then
 * {@code connection.properties}:
 * <ul>
 *   <li>{@value #PROTOCOL} ({@code LIAISON_KAFKA_SECURITY_PROTOCOL}): optional; if set it must be SASL_SSL;
 *   <li>{@value #USER} ({@code LIAISON_SCRAM_USER}), default the command's own principal
 *       ({@code admin} for {@code admin}, {@code auditor} for {@code audit}, the agency for a gateway);
 *   <li>the password: the file named by {@code LIAISON_SCRAM_PASSWORD_FILE}, else
 *       {@code <secrets dir>/<user>.password}, where the secrets dir is {@value #SECRETS_DIR}
 *       ({@code LIAISON_SECRETS_DIR}), default {@code $LIAISON_HOME/secrets};
 *   <li>the CA the brokers are checked against: {@value #TRUSTSTORE} ({@code LIAISON_TLS_TRUSTSTORE}),
 *       a PKCS#12 trust store whose password is the first line of {@code <file>.password}; default
 *       the PKI's {@code tls/truststore.p12} ({@value ConnectionSettings#PKI}).
 * </ul>
 * A trust store that cannot be opened refuses the start, naming the file and why.
 */
public final class KafkaLogin {
    public static final String PROTOCOL = "kafka.security.protocol";
    public static final String USER = "scram.user";
    public static final String SECRETS_DIR = "secrets.dir";
    public static final String TRUSTSTORE = "tls.truststore";

    private KafkaLogin() {}

    /** The client security for a command whose natural Kafka user is {@code defaultUser}. */
    public static ClientSecurity resolve(LiaisonHome home, String defaultUser, Map<String, String> explicit) {
        ConnectionSettings.lookup(home, PROTOCOL, explicit.get(PROTOCOL)).ifPresent(KafkaLogin::requireTls);
        String user = ConnectionSettings.lookup(home, USER, explicit.get(USER)).orElse(defaultUser);
        return ClientSecurity.scram(credential(home, user, explicit.get(SECRETS_DIR)), trust(home, explicit));
    }

    /**
     * The CA that servers (brokers, the schema registry) must chain to: {@value #TRUSTSTORE}, else
     * the PKI's trust store ({@code explicit} may hold either key).
     */
    public static ClientTrust trust(LiaisonHome home, Map<String, String> explicit) {
        Optional<String> file = ConnectionSettings.lookup(home, TRUSTSTORE, explicit.get(TRUSTSTORE));
        String where = TRUSTSTORE + " (" + LiaisonEnvironment.TLS_TRUSTSTORE.variable() + ")";
        try {
            if (file.isPresent()) {
                Path store = Path.of(file.get());
                return new ClientTrust(store, Passphrase.readFrom(store.resolveSibling(store.getFileName() + ".password")));
            }
            Optional<String> pki = ConnectionSettings.lookup(home, ConnectionSettings.PKI, explicit.get(ConnectionSettings.PKI));
            if (pki.isEmpty()) {
                throw new StartupRefusedException("no TLS trust store: set " + where + " or the PKI directory ("
                        + LiaisonEnvironment.PKI_DIR.variable() + "), whose tls/truststore.p12 holds the backbone CA");
            }
            where = "the PKI's trust store (" + LiaisonEnvironment.PKI_DIR.variable() + ")";
            return ClientTrust.fromPki(PkiDirectory.at(Path.of(pki.get())));
        } catch (IllegalArgumentException | PkiException e) {
            throw new StartupRefusedException("cannot use " + where + ": " + e.getMessage(), e);
        }
    }

    /** The password store: option, LIAISON_SECRETS_DIR, connection.properties, else {@code $LIAISON_HOME/secrets}. */
    public static CredentialStore secrets(LiaisonHome home, String explicitDir) {
        return CredentialStore.at(ConnectionSettings.lookup(home, SECRETS_DIR, explicitDir).map(Path::of)
                .orElse(home.root().resolve("secrets")));
    }

    private static ScramCredential credential(LiaisonHome home, String user, String explicitDir) {
        try {
            var passwordFile = LiaisonEnvironment.SCRAM_PASSWORD_FILE.value();
            if (passwordFile.isPresent()) {
                return new ScramCredential(user, Passphrase.readFrom(Path.of(passwordFile.get())));
            }
            return secrets(home, explicitDir).require(user);
        } catch (IllegalStateException | IllegalArgumentException | PkiException e) {
            throw new StartupRefusedException("cannot log in to Kafka as " + user + ": " + e.getMessage(), e);
        }
    }

    private static void requireTls(String protocol) {
        try {
            ClientSecurity.requireSupportedProtocol(PROTOCOL + " (" + LiaisonEnvironment.KAFKA_SECURITY_PROTOCOL.variable() + ")", protocol);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(e.getMessage(), e);
        }
    }
}
