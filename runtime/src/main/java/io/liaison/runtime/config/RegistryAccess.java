package io.liaison.runtime.config;

import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiException;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.runtime.StartupRefusedException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a command reaches the schema registry at {@code url}. For an https URL the registry's
 * certificate must chain to the TLS trust store of {@link KafkaLogin#trust} (the backbone CA) and
 * name the host dialled; with {@link LiaisonSettings#REGISTRY_USER} set, every request carries HTTP
 * basic authentication with the password in the file {@link LiaisonSettings#REGISTRY_PASSWORD_FILE}
 * (first line). A login over plain http is refused, so is a user without a password file; a trust
 * store that cannot be opened refuses the start, naming it.
 */
public final class RegistryAccess {
    private RegistryAccess() {}

    /**
     * @param explicit the command's options (values may be null): {@link LiaisonSettings#REGISTRY_USER}
     *                 and the trust settings of {@link KafkaLogin#trust}
     */
    public static RegistryClientConfig resolve(SettingSources sources, String url, Map<Setting<?>, String> explicit) {
        RegistryClientConfig config;
        try {
            config = RegistryClientConfig.of(url);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException(
                    LiaisonSettings.REGISTRY_URL.name() + " (" + LiaisonSettings.REGISTRY_URL.env() + "): "
                            + e.getMessage(),
                    e);
        }
        if ("https".equals(config.baseUrl().getScheme())) {
            config = config.withTls(KafkaLogin.trust(sources, explicit).sslContext());
        }
        Optional<String> user =
                sources.lookup(LiaisonSettings.REGISTRY_USER, explicit.get(LiaisonSettings.REGISTRY_USER));
        if (user.isPresent()) {
            config = login(sources, config, user.get());
        }
        return config;
    }

    private static RegistryClientConfig login(SettingSources sources, RegistryClientConfig config, String user) {
        String variable = LiaisonSettings.REGISTRY_PASSWORD_FILE.env();
        Path file = sources.lookup(LiaisonSettings.REGISTRY_PASSWORD_FILE, null)
                .orElseThrow(() -> new StartupRefusedException("the registry user " + user + " needs a password: set "
                        + variable + " to the file that holds it"));
        try {
            return config.withLogin(new RegistryClientConfig.BasicLogin(
                    user, new String(Passphrase.readFrom(file).chars())));
        } catch (IllegalArgumentException | PkiException e) {
            throw new StartupRefusedException(
                    "cannot log in to the registry as " + user + " (" + variable + "): " + e.getMessage(), e);
        }
    }
}
