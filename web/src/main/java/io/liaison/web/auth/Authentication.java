package io.liaison.web.auth;

/** The outcome of checking one credential. */
public sealed interface Authentication {
    record Authenticated(CallerIdentity identity) implements Authentication {}

    /** @param reason why, in one sentence safe to return to the client (no key material) */
    record Unauthenticated(String reason) implements Authentication {}
}
