package io.liaison.consumer.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.Authenticator;
import io.liaison.web.auth.CallerIdentity;
import java.net.MalformedURLException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who is calling the consumer gateway: a client certificate or an agency-signed ({@code EdDSA})
 * token as every backbone service checks them ({@link Authenticator}), or an OpenID Connect access
 * token of an agency's identity provider ({@link IdentityProvider}). Which check applies is decided
 * by the token's algorithm, never by trying one after the other: agency-signed tokens are EdDSA,
 * identity providers sign with RSA or EC keys, and anything else is refused by name.
 *
 * <p>An identity-provider token is accepted only if its issuer is configured, its signature
 * verifies with a key of that issuer's JWKS (Nimbus fetches the set again on an unknown {@code kid},
 * so a key rotation needs no restart), its audience, {@code exp} and {@code nbf} hold within the
 * provider's skew, it proves a multi-factor login ({@code acr}/{@code amr}) and names a subject. It
 * binds the analyst to the provider's agency and to the purposes its claims map to. When the JWKS
 * cannot be fetched the token is refused saying so: nothing is accepted unverified.
 */
final class GatewayAuthenticator {
    private static final String BEARER = "Bearer ";

    /** Asymmetric signatures only: no {@code none}, and no HMAC, whose key would be the public JWKS. */
    static final Set<JWSAlgorithm> IDENTITY_PROVIDER_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private record Verifier(IdentityProvider provider, DefaultJWTProcessor<SecurityContext> processor) {}

    private final Authenticator backbone;
    private final Map<String, Verifier> byIssuer;

    GatewayAuthenticator(Authenticator backbone, List<IdentityProvider> providers) {
        this.backbone = backbone;
        Set<String> agencies = new HashSet<>();
        for (IdentityProvider p : providers) {
            if (!agencies.add(p.agency())) {
                throw new IllegalArgumentException("identityProviders." + p.agency() + " is declared twice");
            }
        }
        this.byIssuer = providers.stream()
                .collect(Collectors.toUnmodifiableMap(
                        IdentityProvider::issuer, GatewayAuthenticator::verifier, (a, b) -> {
                            throw new IllegalArgumentException(
                                    "identityProviders." + a.provider().agency() + ".issuer and identityProviders."
                                            + b.provider().agency() + ".issuer are the same issuer");
                        }));
    }

    private static Verifier verifier(IdentityProvider provider) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(provider.jwksUrl().toURL())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(
                    "identityProviders." + provider.agency() + ".jwksUrl is not a URL: " + provider.jwksUrl(), e);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // RFC 9068 access tokens are typed at+jwt; many providers still say JWT or nothing
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(IDENTITY_PROVIDER_ALGORITHMS, keys));
        // Nimbus asks these sets whether they contain null: immutable Set.of would throw
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new HashSet<>(Set.of(provider.audience())),
                new JWTClaimsSet.Builder().issuer(provider.issuer()).build(),
                new HashSet<>(Set.of("sub", "exp")),
                null);
        claims.setMaxClockSkew((int) provider.maxClockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return new Verifier(provider, processor);
    }

    /**
     * @param clientChain   the chain the handshake verified, or null
     * @param authorization the {@code Authorization} header, or null
     */
    Authentication authenticate(X509Certificate[] clientChain, String authorization) {
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if ((clientChain != null && clientChain.length > 0) || !bearer) {
            return backbone.authenticate(clientChain, authorization);
        }
        String token = authorization.substring(BEARER.length()).strip();
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return backbone.authenticate(null, authorization); // not a JWT at all: the backbone's check names why
        }
        if (JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm())) {
            return backbone.authenticate(null, authorization);
        }
        return verifyIdentityProviderToken(jwt);
    }

    /** Why a credential accepted earlier no longer stands (identity-provider tokens live until they expire). */
    Optional<String> revoked(Authentication.Authenticated earlier) {
        return backbone.revoked(earlier);
    }

    private Authentication verifyIdentityProviderToken(JWT jwt) {
        if (!(jwt instanceof SignedJWT signed)
                || !IDENTITY_PROVIDER_ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
            return refused("token algorithm " + jwt.getHeader().getAlgorithm() + " is not accepted (accepted: EdDSA"
                    + " for agency-signed tokens, "
                    + new TreeSet<>(IDENTITY_PROVIDER_ALGORITHMS.stream()
                            .map(JWSAlgorithm::getName)
                            .toList()) + " for identity providers)");
        }
        String issuer;
        try {
            issuer = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return refused("token claims are not a JSON object: " + e.getMessage());
        }
        Verifier verifier = byIssuer.get(issuer);
        if (verifier == null) {
            return refused(
                    "token issuer " + issuer + " is not the identity provider of any agency this gateway accepts");
        }
        IdentityProvider provider = verifier.provider();
        JWTClaimsSet claims;
        try {
            claims = verifier.processor().process(signed, null);
        } catch (KeySourceException e) {
            return refused("the signing keys of " + provider.agency() + "'s identity provider cannot be fetched from "
                    + provider.jwksUrl() + " (" + e.getMessage() + "), so its token cannot be verified");
        } catch (BadJOSEException | JOSEException e) {
            return refused(provider.agency() + "'s identity provider token refused: " + e.getMessage());
        }
        Optional<String> mfa = multiFactor(claims, provider);
        if (mfa.isPresent()) {
            return refused(mfa.get());
        }
        String subject = claims.getSubject();
        if (!CallerIdentity.SUBJECT_ID.matcher(subject).matches()) {
            return refused("token subject must match " + CallerIdentity.SUBJECT_ID.pattern());
        }
        Set<String> purposes = claimValues(claims.getClaim(provider.purposesClaim())).stream()
                .flatMap(value -> provider.purposesByClaimValue().getOrDefault(value, Set.of()).stream())
                .collect(Collectors.toSet());
        return new Authentication.Authenticated(
                new CallerIdentity(provider.agency(), subject, CallerIdentity.Method.OIDC, Optional.of(purposes)),
                "oidc:" + provider.issuer() + "#" + signed.getHeader().getKeyID());
    }

    /** Empty when the token proves a multi-factor login as the provider requires, else why not. */
    private static Optional<String> multiFactor(JWTClaimsSet claims, IdentityProvider provider) {
        Object acr = claims.getClaim("acr");
        if (!provider.acceptedAcr().isEmpty()
                && !(acr instanceof String s && provider.acceptedAcr().contains(s))) {
            return Optional.of("token acr " + (acr == null ? "is absent" : "'" + acr + "' is not accepted")
                    + ": a multi-factor login (acr one of " + new TreeSet<>(provider.acceptedAcr()) + ") is required");
        }
        List<String> amr = claimValues(claims.getClaim("amr"));
        if (!amr.containsAll(provider.requiredAmr())) {
            return Optional.of("token amr " + (amr.isEmpty() ? "is absent" : amr.toString())
                    + ": a multi-factor login (amr with " + new TreeSet<>(provider.requiredAmr())
                    + ") is required");
        }
        return Optional.empty();
    }

    /** A claim's string values: one string, or the strings of a list; anything else has none. */
    private static List<String> claimValues(Object claim) {
        if (claim instanceof String s) {
            return List.of(s);
        }
        if (claim instanceof Collection<?> list) {
            return list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
        return List.of();
    }

    private static Authentication refused(String reason) {
        return new Authentication.Unauthenticated(reason);
    }
}
