package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.Authenticator;
import io.liaison.web.auth.CallerIdentity;
import io.liaison.web.auth.TokenSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Analysts' OpenID Connect access tokens against a real OIDC server (mock-oauth2-server: discovery,
 * JWKS, RS256-signed tokens) serving two agencies' issuers and one no agency uses. Each refusal is
 * an attack from docs/threat-model.md ("Analysts through their identity provider").
 */
class GatewayAuthenticatorTest {
    static final String AUDIENCE = "liaison-gateway-cpd";
    private static final String MFA_ACR = "urn:liaison:acr:mfa";
    static final Map<String, Object> MFA_LOGIN =
            Map.of("acr", MFA_ACR, "amr", List.of("pwd", "otp", "mfa"), "groups", List.of("crowd-analysts"));

    private static MockOAuth2Server idp;
    private static GatewayAuthenticator gateway;

    @BeforeAll
    static void start() {
        idp = new MockOAuth2Server();
        idp.start();
        gateway = new GatewayAuthenticator(
                new Authenticator(
                        new TrustStore(),
                        TokenSettings.defaults(TokenSettings.CONSUMER_GATEWAY_AUDIENCE),
                        Clock.systemUTC()),
                List.of(provider(idp, "cpd", "cpd-idp"), provider(idp, "guard", "guard-idp")));
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    /** {@code agency}'s provider at {@code issuerId} of {@code server}: MFA required, groups mapped to purposes. */
    static IdentityProvider provider(MockOAuth2Server server, String agency, String issuerId) {
        return provider(server, agency, issuerId, server.jwksUrl(issuerId).uri());
    }

    private static IdentityProvider provider(MockOAuth2Server idp, String agency, String issuerId, URI jwks) {
        return new IdentityProvider(
                agency,
                idp.issuerUrl(issuerId).toString(),
                jwks,
                AUDIENCE,
                Set.of(MFA_ACR),
                Set.of("mfa"),
                "groups",
                Map.of("crowd-analysts", Set.of("crowd-safety"), "detectives", Set.of("violent-crime-investigation")),
                IdentityProvider.DEFAULT_MAX_CLOCK_SKEW);
    }

    private static Authentication present(SignedJWT token) {
        return present(token.serialize());
    }

    private static Authentication present(String token) {
        return gateway.authenticate(null, "Bearer " + token);
    }

    private static void assertRefused(Authentication outcome, String reason) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Authentication.Unauthenticated.class,
                        refused -> assertThat(refused.reason()).contains(reason));
    }

    @Test
    void aTokenWithMultiFactorLoginBindsTheAnalystToTheIssuersAgencyAndTheMappedPurposes() {
        Authentication outcome = present(idp.issueToken("cpd-idp", "jdoe", AUDIENCE, MFA_LOGIN, 300));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Authentication.Authenticated.class,
                        accepted -> assertThat(accepted.identity())
                                .isEqualTo(new CallerIdentity(
                                        "cpd",
                                        "jdoe",
                                        CallerIdentity.Method.OIDC,
                                        Optional.of(Set.of("crowd-safety")))));
    }

    @Test
    void anotherAgencysIssuerBindsItsAnalystToThatAgencySoCpdsFeedIsRefused() throws Exception {
        Authentication outcome = present(idp.issueToken("guard-idp", "sgt.kim", AUDIENCE, MFA_LOGIN, 300));

        CallerIdentity guardAnalyst = ((Authentication.Authenticated) outcome).identity();
        assertThat(guardAnalyst.agency()).isEqualTo("guard");
        assertThat(FeedAccess.checkAgency(guardAnalyst, "cpd"))
                .hasValueSatisfying(refusal -> assertThat(refusal.reasonCode()).isEqualTo(FeedAccess.OTHER_AGENCY));
    }

    @Test
    void aPurposeTheAnalystsClaimsDoNotGrantIsRefusedEvenWhereTheAgencyMayDeclareIt() throws Exception {
        CallerIdentity analyst = ((Authentication.Authenticated)
                        present(idp.issueToken("cpd-idp", "jdoe", AUDIENCE, MFA_LOGIN, 300)))
                .identity();
        Policy policy = PolicyLoader.load(Path.of("../config/policy.yaml"));

        assertThat(FeedAccess.checkPurpose(analyst, "crowd-safety", policy)).isEmpty();
        assertThat(FeedAccess.checkPurpose(analyst, "violent-crime-investigation", policy))
                .hasValueSatisfying(refusal -> {
                    assertThat(refusal.reasonCode()).isEqualTo(FeedAccess.PURPOSE_NOT_GRANTED);
                    assertThat(refusal.message()).contains("[crowd-safety]");
                });
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(present(idp.issueToken("cpd-idp", "jdoe", AUDIENCE, MFA_LOGIN, -120)), "Expired JWT");
    }

    @Test
    void aTokenOfAnIssuerNoAgencyUsesIsRefused() {
        assertRefused(
                present(idp.issueToken("rogue-idp", "jdoe", AUDIENCE, MFA_LOGIN, 300)),
                "token issuer " + idp.issuerUrl("rogue-idp") + " is not the identity provider of any agency");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(
                present(idp.issueToken("cpd-idp", "jdoe", "records-system", MFA_LOGIN, 300)), "audience rejected");
    }

    @Test
    void aTokenWithoutMultiFactorLoginIsRefused() {
        assertRefused(
                present(idp.issueToken("cpd-idp", "jdoe", AUDIENCE, Map.of("groups", List.of("crowd-analysts")), 300)),
                "token acr is absent: a multi-factor login");
        assertRefused(
                present(idp.issueToken(
                        "cpd-idp", "jdoe", AUDIENCE, Map.of("acr", MFA_ACR, "amr", List.of("pwd")), 300)),
                "token amr [pwd]: a multi-factor login (amr with [mfa]) is required");
    }

    @Test
    void anUnsignedOrHmacTokenIsRefusedByItsAlgorithm() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(idp.issuerUrl("cpd-idp").toString())
                .subject("jdoe")
                .audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("acr", MFA_ACR)
                .claim("amr", List.of("mfa"))
                .build();
        assertRefused(present(new PlainJWT(claims).serialize()), "token algorithm none is not accepted");

        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner(secret));
        assertRefused(present(hmac), "token algorithm HS256 is not accepted");
    }

    @Test
    void whenTheIssuersKeysCannotBeFetchedTheTokenIsRefusedSayingSo() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/jwks");
        }
        GatewayAuthenticator unreachable = new GatewayAuthenticator(
                new Authenticator(
                        new TrustStore(),
                        TokenSettings.defaults(TokenSettings.CONSUMER_GATEWAY_AUDIENCE),
                        Clock.systemUTC()),
                List.of(provider(idp, "cpd", "cpd-idp", closed)));

        assertRefused(
                unreachable.authenticate(
                        null,
                        "Bearer "
                                + idp.issueToken("cpd-idp", "jdoe", AUDIENCE, MFA_LOGIN, 300)
                                        .serialize()),
                "the signing keys of cpd's identity provider cannot be fetched from " + closed);
    }

    @Test
    void aTokenSignedWithAnotherIssuersKeyIsRefused() throws Exception {
        // guard-idp's key signs a token that claims cpd-idp as its issuer: the kid is not in cpd-idp's JWKS
        SignedJWT guardSigned = idp.issueToken("guard-idp", "jdoe", AUDIENCE, MFA_LOGIN, 300);
        JWTClaimsSet forged = new JWTClaimsSet.Builder(guardSigned.getJWTClaimsSet())
                .issuer(idp.issuerUrl("cpd-idp").toString())
                .build();
        String[] parts = guardSigned.serialize().split("\\.");
        String spliced = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(forged.toString()) + "." + parts[2];

        assertRefused(present(spliced), "cpd's identity provider token refused");
    }

    @Test
    void aProviderWithoutAMultiFactorRequirementOrOverPlainHttpIsRefusedNamingTheKey() {
        URI jwks = idp.jwksUrl("cpd-idp").uri();
        Map<String, Set<String>> purposes = Map.of("crowd-analysts", Set.of("crowd-safety"));
        assertThatThrownBy(() -> new IdentityProvider(
                        "cpd",
                        "https://idp.cpd.example",
                        jwks,
                        AUDIENCE,
                        Set.of(),
                        Set.of(),
                        "groups",
                        purposes,
                        IdentityProvider.DEFAULT_MAX_CLOCK_SKEW))
                .hasMessageContaining(
                        "identityProviders.cpd.acceptedAcr and identityProviders.cpd.requiredAmr are both empty");
        assertThatThrownBy(() -> new IdentityProvider(
                        "cpd",
                        "https://idp.cpd.example",
                        URI.create("http://idp.cpd.example/jwks"),
                        AUDIENCE,
                        Set.of(MFA_ACR),
                        Set.of(),
                        "groups",
                        purposes,
                        IdentityProvider.DEFAULT_MAX_CLOCK_SKEW))
                .hasMessageContaining("identityProviders.cpd.jwksUrl must be https");
    }
}
