package io.liaison.web.auth;

import io.liaison.kernel.trust.TrustStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

/**
 * Who is calling one of the backbone's HTTP services, decided at every request against the live
 * trust store: the client certificate the TLS handshake chained to the backbone CA, else a bearer
 * token. A certificate wins over a token, so a token cannot speak for another agency than the
 * certificate's. From the moment the trust store learns of a revocation (of the client certificate,
 * or of the agency key that signed the token), the credential is refused, without a restart.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final TrustStore trust;
    private final BearerTokens tokens;
    private final Clock clock;

    public Authenticator(TrustStore trust, TokenSettings tokens, Clock clock) {
        this.trust = trust;
        this.tokens = new BearerTokens(trust, tokens, clock);
        this.clock = clock;
    }

    /**
     * @param clientChain   the chain the handshake verified, or null
     * @param authorization the {@code Authorization} header, or null
     */
    public Authentication authenticate(X509Certificate[] clientChain, String authorization) {
        if (clientChain != null && clientChain.length > 0) {
            Authentication certificate = ClientCertificates.authenticate(clientChain);
            if (certificate instanceof Authentication.Authenticated accepted) {
                return revoked(accepted)
                        .<Authentication>map(Authentication.Unauthenticated::new)
                        .orElse(accepted);
            }
            return certificate;
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return tokens.verify(authorization.substring(BEARER.length()).strip());
        }
        return new Authentication.Unauthenticated(
                "present a client certificate of your agency or an Authorization: Bearer token");
    }

    /**
     * Why a credential accepted earlier no longer stands: its certificate, or the key that signed
     * its token, has been revoked since. What outlives one request (an open feed) asks this
     * whenever the trust store changes.
     */
    public Optional<String> revoked(Authentication.Authenticated earlier) {
        if (earlier.identity().method() == CallerIdentity.Method.OIDC) {
            return Optional.empty(); // its keys are the identity provider's, not in the backbone's trust store
        }
        String credential =
                earlier.identity().method() == CallerIdentity.Method.MTLS ? "client certificate " : "token key ";
        return trust.revocation(earlier.keyId(), clock.instant())
                .map(r -> credential + r.keyId() + " is revoked since " + r.revokedAt() + " (" + r.reason() + ")");
    }
}
