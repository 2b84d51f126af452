package io.liaison.runtime.config;

import io.liaison.consumer.http.IdentityProvider;
import io.liaison.runtime.StartupRefusedException;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agency's OpenID Connect identity provider for {@code gateway serve}, from the
 * {@code gateway.oidc.*} settings ({@link LiaisonSettings}). Absent issuer: none, analysts use
 * agency-signed tokens or client certificates. With an issuer, every other setting it needs is
 * required, and a bad one refuses the start naming it.
 */
public final class IdentityProviderSettings {
    private IdentityProviderSettings() {}

    public static Optional<IdentityProvider> resolve(SettingSources sources, String agency) {
        Optional<String> issuer = sources.lookup(LiaisonSettings.GATEWAY_OIDC_ISSUER, null);
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        Set<String> acr = list(sources.lookup(LiaisonSettings.GATEWAY_OIDC_ACR, null));
        Set<String> amr = list(sources.lookup(LiaisonSettings.GATEWAY_OIDC_AMR, null));
        try {
            return Optional.of(new IdentityProvider(
                    agency,
                    issuer.get(),
                    URI.create(sources.require(LiaisonSettings.GATEWAY_OIDC_JWKS_URL, null)),
                    sources.require(LiaisonSettings.GATEWAY_OIDC_AUDIENCE, null),
                    acr,
                    amr,
                    sources.require(LiaisonSettings.GATEWAY_OIDC_PURPOSES_CLAIM, null),
                    purposes(sources.require(LiaisonSettings.GATEWAY_OIDC_PURPOSES, null)),
                    IdentityProvider.DEFAULT_MAX_CLOCK_SKEW));
        } catch (IllegalArgumentException e) {
            throw new StartupRefusedException("the identity provider settings (gateway.oidc.*, LIAISON_GATEWAY_OIDC_*) "
                    + "are not usable: " + e.getMessage());
        }
    }

    /** {@code VALUE=PURPOSE+PURPOSE,VALUE=PURPOSE}, as {@link LiaisonSettings#GATEWAY_OIDC_PURPOSES} documents. */
    static Map<String, Set<String>> purposes(String text) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.strip().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(LiaisonSettings.GATEWAY_OIDC_PURPOSES.env() + ": '" + entry.strip()
                        + "' is not CLAIM_VALUE=PURPOSE+PURPOSE");
            }
            out.put(
                    parts[0].strip(),
                    Arrays.stream(parts[1].split("\\+"))
                            .map(String::strip)
                            .filter(p -> !p.isEmpty())
                            .collect(Collectors.toSet()));
        }
        return out;
    }

    private static Set<String> list(Optional<String> text) {
        return text.map(t -> Arrays.stream(t.split(","))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
    }
}
