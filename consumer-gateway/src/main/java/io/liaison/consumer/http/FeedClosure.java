package io.liaison.consumer.http;

/**
 * Why the gateway ended a feed that had been granted, sent as the final {@code closed} event.
 * Unlike a dropped client, this one cannot simply resume: the same request would now be refused.
 *
 * @param reason        {@value #CREDENTIAL_REVOKED}, {@value #PURPOSE_WITHDRAWN} or {@value #NOT_READY}
 * @param detail        one sentence for the analyst
 * @param policyVersion the policy version in force when the feed was closed
 */
record FeedClosure(String reason, String detail, String policyVersion) {
    /** The client certificate, or the agency key that signed the token, was revoked since the feed opened. */
    static final String CREDENTIAL_REVOKED = "CREDENTIAL_REVOKED";
    /** A newly applied policy version no longer lets the agency declare the feed's purpose. */
    static final String PURPOSE_WITHDRAWN = "PURPOSE_WITHDRAWN";
    /** The gateway can no longer keep its trust and policy current; reconnect once {@code /ready} answers 200. */
    static final String NOT_READY = "NOT_READY";
}
