package io.liaison.producer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster is taking one gateway's records, judged only from what the gateway
 * already sees: acknowledgements, records that failed for lack of a cluster (their delivery timeout
 * expired, or metadata did not come within {@code max.block.ms}), and the answers of a {@link
 * ClusterProbe}. Once every record sent since the cluster's last sign of life has failed, and those
 * failures span the delivery timeout, the cluster is {@link State.Unavailable}: waiting longer per
 * record would only repeat the same wait for every caller, so the gateway refuses at once until an
 * answer ends it. Thread-safe.
 */
final class ClusterAvailability {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAvailability.class);

    sealed interface State {
        /** Nothing has failed since the cluster last acknowledged or answered. */
        record Reachable() implements State {}

        /** Records sent from {@code since} on failed, but for less than the delivery timeout so far. */
        record Failing(Instant since) implements State {}

        /** Records sent from {@code since} on failed for at least the delivery timeout. */
        record Unavailable(Instant since) implements State {}
    }

    private static final State REACHABLE = new State.Reachable();

    private final String agency;
    private final Duration deliveryTimeout;
    // read on every send without the lock; written under it
    private volatile State state = REACHABLE;
    private Instant lastReached = Instant.MIN;

    ClusterAvailability(String agency, Duration deliveryTimeout) {
        this.agency = agency;
        this.deliveryTimeout = deliveryTimeout;
    }

    State state() {
        return state;
    }

    /** The cluster acknowledged a record, or answered a probe, at {@code at}. */
    synchronized void reached(Instant at) {
        if (state instanceof State.Unavailable) {
            LOG.info("the Kafka cluster answers {}'s gateway again: publishing resumes", agency);
        }
        state = REACHABLE;
        if (at.isAfter(lastReached)) {
            lastReached = at;
        }
    }

    /**
     * A record sent at {@code sentAt} failed at {@code failedAt} because the cluster did not take it.
     * A record sent before the cluster's last sign of life says nothing about the cluster now (its
     * own partition may be the trouble while the others are written), so it does not count.
     */
    synchronized void unreachable(Instant sentAt, Instant failedAt) {
        if (!sentAt.isAfter(lastReached) || state instanceof State.Unavailable) {
            return;
        }
        Instant since =
                state instanceof State.Failing failing && failing.since().isBefore(sentAt) ? failing.since() : sentAt;
        if (Duration.between(since, failedAt).compareTo(deliveryTimeout) < 0) {
            state = new State.Failing(since);
            return;
        }
        state = new State.Unavailable(since);
        LOG.warn(
                "the Kafka cluster has taken none of {}'s records since {}, longer than the delivery timeout ({}):"
                        + " refusing publishes at once until it answers again",
                agency,
                since.truncatedTo(ChronoUnit.SECONDS),
                seconds(deliveryTimeout));
    }

    /** The refusal a caller gets while the cluster is unavailable since {@code since}. */
    PublishException refusal(Instant since) {
        return new PublishException(
                PublishException.Kind.CLUSTER_UNAVAILABLE,
                "the Kafka cluster has taken no record since " + since.truncatedTo(ChronoUnit.SECONDS)
                        + ", longer than the delivery timeout (" + seconds(deliveryTimeout)
                        + "); the message was not sent",
                null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
