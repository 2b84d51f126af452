package io.liaison.runtime.config;

import io.liaison.runtime.StartupRefusedException;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiException;
import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.ScramCredential;
import java.util.Map;

/**
 * How a command logs in to Kafka, from the settings {@link LiaisonSettings#KAFKA_SECURITY_PROTOCOL},
 * {@link LiaisonSettings#SCRAM_USER} (default: the command's own principal, e.g. {@code admin} for
 * {@code admin}, {@code auditor} for {@code audit}, the agency for a gateway) and the password: the
 * file {@link LiaisonSettings#SCRAM_PASSWORD_FILE}, else {@code <secrets dir>/<user>.password},
 * where the secrets dir is {@link LiaisonSettings#SECRETS_DIR}, default {@code $LIAISON_HOME/secrets}.
 */
public final class KafkaLogin {
    private KafkaLogin() {}

    /**
     * The client security for a command whose natural Kafka user is {@code defaultUser}.
     *
     * @param explicit the command's options for these settings (values may be null)
     */
    public static ClientSecurity resolve(SettingSources sources, String defaultUser, Map<Setting<?>, String> explicit) {
        ClientSecurity.Protocol protocol = sources.require(LiaisonSettings.KAFKA_SECURITY_PROTOCOL,
                explicit.get(LiaisonSettings.KAFKA_SECURITY_PROTOCOL));
        if (!protocol.authenticates()) {
            return ClientSecurity.plaintext();
        }
        String user = sources.lookup(LiaisonSettings.SCRAM_USER, explicit.get(LiaisonSettings.SCRAM_USER)).orElse(defaultUser);
        return new ClientSecurity(protocol, credential(sources, user, explicit.get(LiaisonSettings.SECRETS_DIR)));
    }

    /** The password store: option, else {@link LiaisonSettings#SECRETS_DIR}, else {@code $LIAISON_HOME/secrets}. */
    public static CredentialStore secrets(SettingSources sources, String explicitDir) {
        return CredentialStore.at(sources.lookup(LiaisonSettings.SECRETS_DIR, explicitDir).orElse(sources.home().secrets()));
    }

    private static ScramCredential credential(SettingSources sources, String user, String explicitDir) {
        try {
            var passwordFile = sources.lookup(LiaisonSettings.SCRAM_PASSWORD_FILE, null);
            if (passwordFile.isPresent()) {
                return new ScramCredential(user, Passphrase.readFrom(passwordFile.get()));
            }
            return secrets(sources, explicitDir).require(user);
        } catch (IllegalStateException | IllegalArgumentException | PkiException e) {
            throw new StartupRefusedException("cannot log in to Kafka as " + user + ": " + e.getMessage(), e);
        }
    }
}
