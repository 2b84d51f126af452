package io.liaison.producer.http;

import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.ClientCertificates;
import java.security.cert.X509Certificate;

/**
 * Who is calling: the client certificate the TLS handshake verified, else a bearer token. A
 * certificate wins over a token, so a token cannot be used to speak for another agency than the
 * certificate's.
 */
final class CallerAuthenticator {
    private static final String BEARER = "Bearer ";
    private final BearerTokens tokens;

    CallerAuthenticator(BearerTokens tokens) {
        this.tokens = tokens;
    }

    Authentication authenticate(X509Certificate[] clientChain, String authorization) {
        if (clientChain != null && clientChain.length > 0) {
            return ClientCertificates.authenticate(clientChain);
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return tokens.verify(authorization.substring(BEARER.length()).strip());
        }
        return new Authentication.Unauthenticated("present a client certificate of your agency or an Authorization: Bearer token");
    }
}
