package io.liaison.streams;

/**
 * The control plane refused to start, so the backbone must not either: the policy chain on the
 * topic cannot be followed from the pinned genesis, or the trust and policy topics could not be
 * read. The message is one sentence for the operator; running on instead would mean running on a
 * policy or trust state other than the one the topics establish.
 */
public final class ControlPlaneStartException extends RuntimeException {
    public ControlPlaneStartException(String message) {
        super(message);
    }
}
