package io.liaison.web.auth;

/** The outcome of checking one credential. */
public sealed interface Authentication {
    /**
     * @param identity who is calling
     * @param keyId    the credential's key id (the token's signing key, or the client certificate), so a
     *                 revocation later on can be matched against a grant made now
     */
    record Authenticated(CallerIdentity identity, String keyId) implements Authentication {}

    /** @param reason why, in one sentence safe to return to the client (no key material) */
    record Unauthenticated(String reason) implements Authentication {}
}
