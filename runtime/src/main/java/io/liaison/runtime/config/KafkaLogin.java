package io.liaison.runtime.config;

import io.liaison.runtime.StartupRefusedException;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiException;
import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.ScramCredential;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a command logs in to Kafka. Each setting resolves like {@link ConnectionSettings}: the
 * command's option, then the environment variable, then {@code connection.properties}:
 * <ul>
 *   <li>{@value #PROTOCOL} ({@code LIAISON_KAFKA_SECURITY_PROTOCOL}), default PLAINTEXT;
 *   <li>{@value #USER} ({@code LIAISON_SCRAM_USER}), default the command's own principal
 *       ({@code admin} for {@code admin}, {@code auditor} for {@code audit}, the agency for a gateway);
 *   <li>the password: the file named by {@code LIAISON_SCRAM_PASSWORD_FILE}, else
 *       {@code <secrets dir>/<user>.password}, where the secrets dir is {@value #SECRETS_DIR}
 *       ({@code LIAISON_SECRETS_DIR}), default {@code $LIAISON_HOME/secrets}.
 * </ul>
 */
public final class KafkaLogin {
    public static final String PROTOCOL = "kafka.security.protocol";
    public static final String USER = "scram.user";
    public static final String SECRETS_DIR = "secrets.dir";

    private KafkaLogin() {}

    /** The client security for a command whose natural Kafka user is {@code defaultUser}. */
    public static ClientSecurity resolve(LiaisonHome home, String defaultUser, Map<String, String> explicit) {
        ClientSecurity.Protocol protocol = ConnectionSettings.lookup(home, PROTOCOL, explicit.get(PROTOCOL))
                .map(v -> parse(v)).orElse(ClientSecurity.Protocol.PLAINTEXT);
        if (!protocol.authenticates()) {
            return ClientSecurity.plaintext();
        }
        String user = ConnectionSettings.lookup(home, USER, explicit.get(USER)).orElse(defaultUser);
        return new ClientSecurity(protocol, credential(home, user, explicit.get(SECRETS_DIR)));
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

    private static ClientSecurity.Protocol parse(String value) {
        try {
            return ClientSecurity.Protocol.parse(PROTOCOL, value);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(e.getMessage(), e);
        }
    }
}
