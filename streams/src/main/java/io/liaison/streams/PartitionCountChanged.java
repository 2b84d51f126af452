package io.liaison.streams;

/**
 * An ingress topic no longer has the partition count the backbone is pinned to: processing it would
 * send message ids to partitions whose replay store never saw them. Not a bad input and not a
 * passing outage, so the backbone stops and says why instead of quarantining or retrying.
 */
public final class PartitionCountChanged extends RuntimeException {
    private PartitionCountChanged(String message) {
        super(message);
    }

    /** @param drift what the topics have, e.g. {@code ingress.cpd has 4 partitions} */
    static PartitionCountChanged of(String drift, int pinned) {
        return new PartitionCountChanged(drift + ", but the backbone is pinned to " + pinned + " ingress partitions:"
                + " accepting it would let a message id reach a partition whose replay store never saw it."
                + " Recreate the topic with the pinned count, or change the count as streams/README.md describes.");
    }
}
