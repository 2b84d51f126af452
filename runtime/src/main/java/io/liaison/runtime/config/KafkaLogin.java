package io.liaison.runtime.config;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.ClientTrust;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.runtime.StartupRefusedException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a command logs in to Kafka: SCRAM-SHA-512 over TLS, always. From the settings
 * {@link LiaisonSettings#KAFKA_SECURITY_PROTOCOL} (optional; its validator accepts only SASL_SSL),
 * {@link LiaisonSettings#SCRAM_USER} (default: the command's own principal, e.g. {@code admin} for
 * {@code admin}, {@code auditor} for {@code audit}, the agency for a gateway), the password: the
 * file {@link LiaisonSettings#SCRAM_PASSWORD_FILE}, else {@code <secrets dir>/<user>.password},
 * where the secrets dir is {@link LiaisonSettings#SECRETS_DIR}, default {@code $LIAISON_HOME/secrets};
 * and the CA the brokers are checked against: {@link LiaisonSettings#TLS_TRUSTSTORE}, a PKCS#12
 * trust store whose password is the first line of {@code <file>.password}, default the PKI's
 * {@code tls/truststore.p12} ({@link LiaisonSettings#PKI_DIR}). A trust store that cannot be
 * opened refuses the start, naming the setting and why.
 */
public final class KafkaLogin {
    private KafkaLogin() {}

    /**
     * The connection for a command whose natural Kafka user is {@code defaultUser}.
     *
     * @param explicit the command's options for these settings (values may be null), including
     *                 {@link LiaisonSettings#PKI_DIR}, whose trust store is the default
     */
    public static ClientConnection resolve(
            SettingSources sources, String defaultUser, Map<Setting<?>, String> explicit) {
        // validated as it is looked up: anything but SASL_SSL refuses the start, naming the setting
        sources.require(LiaisonSettings.KAFKA_SECURITY_PROTOCOL, explicit.get(LiaisonSettings.KAFKA_SECURITY_PROTOCOL));
        String user = sources.lookup(LiaisonSettings.SCRAM_USER, explicit.get(LiaisonSettings.SCRAM_USER))
                .orElse(defaultUser);
        return ClientConnection.scram(
                credential(sources, user, explicit.get(LiaisonSettings.SECRETS_DIR)), trust(sources, explicit));
    }

    /**
     * The CA that servers (brokers, the schema registry) must chain to: {@link LiaisonSettings#TLS_TRUSTSTORE},
     * else the PKI's trust store ({@code explicit} may hold either setting's option).
     */
    public static ClientTrust trust(SettingSources sources, Map<Setting<?>, String> explicit) {
        Setting<Path> setting = LiaisonSettings.TLS_TRUSTSTORE;
        Optional<Path> file = sources.lookup(setting, explicit.get(setting));
        String where = setting.name() + " (" + setting.env() + ")";
        try {
            if (file.isPresent()) {
                Path store = file.get();
                return new ClientTrust(
                        store, Passphrase.readFrom(store.resolveSibling(store.getFileName() + ".password")));
            }
            Optional<Path> pki = sources.lookup(LiaisonSettings.PKI_DIR, explicit.get(LiaisonSettings.PKI_DIR));
            if (pki.isEmpty()) {
                throw new StartupRefusedException("no TLS trust store: set " + where + " or the PKI directory ("
                        + LiaisonSettings.PKI_DIR.env() + "), whose tls/truststore.p12 holds the backbone CA");
            }
            where = "the PKI's trust store (" + LiaisonSettings.PKI_DIR.name() + ", " + LiaisonSettings.PKI_DIR.env()
                    + ")";
            return ClientTrust.fromPki(PkiDirectory.at(pki.get()));
        } catch (IllegalArgumentException | PkiException e) {
            throw new StartupRefusedException("cannot use " + where + ": " + e.getMessage(), e);
        }
    }

    /** The password store: option, else {@link LiaisonSettings#SECRETS_DIR}, else {@code $LIAISON_HOME/secrets}. */
    public static CredentialStore secrets(SettingSources sources, String explicitDir) {
        return CredentialStore.at(sources.lookup(LiaisonSettings.SECRETS_DIR, explicitDir)
                .orElse(sources.home().secrets()));
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
