package io.liaison.producer;

/**
 * A message was not published. {@link #kind()} tells the caller whether to fix the input or retry:
 * nothing is half-published in either case (the broker either acknowledged the whole envelope or
 * holds nothing the caller was told about).
 */
public final class PublishException extends RuntimeException {
    public enum Kind {
        /** The payload or headers are invalid; retrying the same input will fail again. */
        INVALID,
        /** The message exceeds the configured maximum size. */
        TOO_LARGE,
        /** The schema registry could not be reached or answered with a server error; retry later. */
        REGISTRY_UNAVAILABLE,
        /** The broker did not acknowledge in time; retry later (the same message id is safe to retry). */
        BROKER_UNAVAILABLE,
        /** No backbone encryption key is trusted now, so nothing can be sealed for ingress; retry once one is published. */
        NO_BACKBONE_KEY,
        /**
         * The cluster has taken none of this gateway's records for longer than the delivery timeout,
         * so the gateway refused at once instead of letting the caller wait: nothing was sent, and a
         * retry once the cluster is back cannot publish twice.
         */
        CLUSTER_UNAVAILABLE
    }

    private final Kind kind;

    public PublishException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.REGISTRY_UNAVAILABLE
                || kind == Kind.BROKER_UNAVAILABLE
                || kind == Kind.CLUSTER_UNAVAILABLE
                || kind == Kind.NO_BACKBONE_KEY;
    }
}
