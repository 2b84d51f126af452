package io.liaison.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.consumer.http.IdentityProvider;
import io.liaison.runtime.StartupRefusedException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityProviderSettingsTest {
    @TempDir
    Path home;

    private static final Map<String, String> COMPLETE = Map.of(
            "LIAISON_GATEWAY_OIDC_ISSUER", "https://login.cpd.example/realms/analysts",
            "LIAISON_GATEWAY_OIDC_JWKS_URL", "https://login.cpd.example/realms/analysts/certs",
            "LIAISON_GATEWAY_OIDC_AUDIENCE", "liaison-gateway-cpd",
            "LIAISON_GATEWAY_OIDC_AMR", "mfa",
            "LIAISON_GATEWAY_OIDC_PURPOSES",
                    "crowd-analysts=crowd-safety, detectives=violent-crime-investigation+crowd-safety");

    private Optional<IdentityProvider> resolve(Map<String, String> env) {
        return IdentityProviderSettings.resolve(
                new SettingSources(new LiaisonHome(home), env, Optional.empty()), "cpd");
    }

    @Test
    void withoutAnIssuerThereIsNoIdentityProvider() {
        assertThat(resolve(Map.of())).isEmpty();
    }

    @Test
    void theSettingsMakeTheAgencysProvider() {
        IdentityProvider provider = resolve(COMPLETE).orElseThrow();

        assertThat(provider.agency()).isEqualTo("cpd");
        assertThat(provider.jwksUrl()).isEqualTo(URI.create("https://login.cpd.example/realms/analysts/certs"));
        assertThat(provider.requiredAmr()).containsExactly("mfa");
        assertThat(provider.acceptedAcr()).isEmpty();
        assertThat(provider.purposesClaim()).isEqualTo("groups");
        assertThat(provider.purposesByClaimValue())
                .isEqualTo(Map.of(
                        "crowd-analysts", Set.of("crowd-safety"),
                        "detectives", Set.of("violent-crime-investigation", "crowd-safety")));
    }

    @Test
    void aMissingOrBadSettingRefusesTheStartNamingIt() {
        Map<String, String> noAudience = new HashMap<>(COMPLETE);
        noAudience.remove("LIAISON_GATEWAY_OIDC_AUDIENCE");
        assertThatThrownBy(() -> resolve(noAudience))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("LIAISON_GATEWAY_OIDC_AUDIENCE");

        Map<String, String> noMfa = new HashMap<>(COMPLETE);
        noMfa.remove("LIAISON_GATEWAY_OIDC_AMR");
        assertThatThrownBy(() -> resolve(noMfa))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("a token without multi-factor login would be accepted");

        Map<String, String> badMapping = new HashMap<>(COMPLETE);
        badMapping.put("LIAISON_GATEWAY_OIDC_PURPOSES", "crowd-analysts");
        assertThatThrownBy(() -> resolve(badMapping))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining(
                        "LIAISON_GATEWAY_OIDC_PURPOSES: 'crowd-analysts' is not CLAIM_VALUE=PURPOSE+PURPOSE");
    }
}
