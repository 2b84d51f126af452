package io.liaison.cli.publish;

import io.liaison.producer.PublishException;
import io.liaison.producer.Receipt;

/** What became of one input line (or the one --file document, reported as line 1). */
sealed interface LineOutcome {
    int line();

    /** The broker acknowledged it: published. */
    record Accepted(int line, Receipt receipt) implements LineOutcome {}

    /**
     * The line itself is wrong (not valid JSON, does not fit the type, too large): fix it before sending it again.
     *
     * @param reason every problem found, e.g. {@code severity: expected one of [...], got "EXTREME"}
     */
    record Rejected(int line, String reason) implements LineOutcome {}

    /**
     * Sent but not acknowledged, or stopped before sending by the registry or for want of a trusted
     * backbone encryption key: send it again later. A line whose acknowledgement did not come may
     * still have been stored.
     */
    record Failed(int line, String reason) implements LineOutcome {}

    /** Never sent: publish gave up before it (the cluster is unavailable). */
    record NotSent(int line, String reason) implements LineOutcome {}

    /** The outcome of a line whose publish failed with {@code error}. */
    static LineOutcome of(int line, PublishException error) {
        return switch (error.kind()) {
            case INVALID, TOO_LARGE -> new Rejected(line, error.getMessage());
            case REGISTRY_UNAVAILABLE, BROKER_UNAVAILABLE, NO_BACKBONE_KEY -> new Failed(line, error.getMessage());
            case CLUSTER_UNAVAILABLE -> new NotSent(line, error.getMessage());
        };
    }
}
