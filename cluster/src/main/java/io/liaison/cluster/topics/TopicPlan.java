package io.liaison.cluster.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The backbone's topics and their configs, in one place: the embedded default, the integration
 * tests and {@code liaison admin apply} all create topics from this plan. The README's topic table
 * documents the same rules.
 *
 * @param partitions        partitions of ingress and inbox topics (the unit of Streams parallelism)
 * @param replicationFactor replicas of every topic
 * @param ingressRetention  how long ingress topics keep messages (per MOU)
 * @param inboxRetention    how long inbox topics keep deliveries (per MOU)
 */
public record TopicPlan(int partitions, short replicationFactor, Duration ingressRetention, Duration inboxRetention) {
    /** Defaults of the embedded plan and of {@code liaison admin apply}. */
    public static final int DEFAULT_PARTITIONS = 3;

    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    /** Replicas of every topic on a cluster of three or more brokers: one broker may fail and writes go on. */
    public static final short CLUSTER_REPLICATION_FACTOR = 3;

    public static final Duration DEFAULT_INGRESS_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_INBOX_RETENTION = Duration.ofDays(30);
    /** Quarantine is evidence: keep it at least the CJIS one-year minimum. */
    public static final Duration QUARANTINE_RETENTION = Duration.ofDays(400);
    /** The topic config naming who stamps a record's timestamp, and the value by which the broker does. */
    public static final String TIMESTAMP_TYPE = "message.timestamp.type";

    public static final String LOG_APPEND_TIME = "LogAppendTime";

    /**
     * How soon a destroyed data key (a tombstone in a key topic) is compacted away, and how long
     * the tombstone itself stays visible: the bound on crypto-shredding's delay.
     */
    public static final Duration KEY_SHREDDING_BOUND = Duration.ofDays(1);

    public TopicPlan {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
        }
    }

    /** The single-broker embedded default. */
    public static TopicPlan embedded() {
        return new TopicPlan(
                DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR, DEFAULT_INGRESS_RETENTION, DEFAULT_INBOX_RETENTION);
    }

    /**
     * The embedded plan on a cluster of {@code brokers} nodes: every topic on up to
     * {@value #CLUSTER_REPLICATION_FACTOR} of them (so {@code min.insync.replicas=2} from three).
     */
    public static TopicPlan embedded(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
        }
        return embedded().withReplicationFactor((short) Math.min(brokers, CLUSTER_REPLICATION_FACTOR));
    }

    public TopicPlan withReplicationFactor(short replicas) {
        return new TopicPlan(partitions, replicas, ingressRetention, inboxRetention);
    }

    public List<TopicSpec> topics(Collection<String> agencies) {
        return topics(agencies, Map.of());
    }

    /**
     * The topics, with {@code inbox.<agency>} and {@code keys.<agency>} kept for {@code inboxRetentionByAgency}'s
     * value where the MOU declares one (the longest term over the agency's message types: Kafka retains per topic,
     * so shorter per-type terms are enforced by review and purge, not by the broker), else {@link #inboxRetention}.
     */
    public List<TopicSpec> topics(Collection<String> agencies, Map<String, Duration> inboxRetentionByAgency) {
        inboxRetentionByAgency.forEach((agency, retention) -> {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException(
                        "inbox retention of " + agency + " must be positive, was " + retention);
            }
        });
        List<TopicSpec> out = new ArrayList<>();
        for (String agency : new TreeSet<>(agencies)) {
            Duration inbox = inboxRetentionByAgency.getOrDefault(agency, inboxRetention);
            out.add(spec(Topics.ingress(agency), partitions, deleteAfter(ingressRetention)));
            out.add(spec(Topics.inbox(agency), partitions, appendTimed(deleteAfter(inbox))));
            out.add(spec(Topics.keys(agency), partitions, keyTopic(inbox)));
            out.add(spec(Topics.referrals(agency), 1, deleteAfter(inbox)));
        }
        out.add(spec(Topics.QUARANTINE, partitions, deleteAfter(QUARANTINE_RETENTION)));
        out.add(spec(Topics.QUARANTINE_KEYS, partitions, keyTopic(QUARANTINE_RETENTION)));
        // Keyed by directive id, so a directive and its acknowledgements meet in one task; kept as the ingress.
        out.add(spec(Topics.COMMAND, partitions, deleteAfter(ingressRetention)));
        // One partition: the log order is the Merkle tree's leaf order. Never deleted, never compacted.
        out.add(spec(Topics.AUDIT, 1, appendTimed(keepForever())));
        // Checkpoint history is what witnesses check consistency against: kept, not compacted.
        out.add(spec(Topics.CHECKPOINTS, 1, appendTimed(keepForever())));
        // The policy chain is a ledger: kept whole and never compacted, so neither a re-append nor a tombstone
        // can reorder or drop history; stamped by the broker, whose append time approval keys are judged at.
        out.add(spec(Topics.POLICY, 1, appendTimed(keepForever())));
        out.add(spec(Topics.TRUST, 1, Map.of("cleanup.policy", "compact")));
        // A complaint is evidence about the operation: kept as long as the log that names it.
        out.add(spec(Topics.COMPLAINTS, 1, appendTimed(keepForever())));
        out.add(spec(Topics.COMPLAINT_STATUS, 1, Map.of("cleanup.policy", "compact")));
        return out;
    }

    private TopicSpec spec(String name, int parts, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        all.put("min.insync.replicas", String.valueOf(Math.min(2, replicationFactor)));
        all.put("unclean.leader.election.enable", "false");
        return new TopicSpec(name, parts, replicationFactor, all);
    }

    private static Map<String, String> deleteAfter(Duration retention) {
        return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(retention.toMillis()));
    }

    /**
     * Records stamped by the broker when appended, whatever their producer wrote: readers judge the
     * backbone's and senders' keys at that instant, which a holder of a stolen key cannot backdate
     * (docs/signing.md §8, "When keys are judged").
     */
    private static Map<String, String> appendTimed(Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TIMESTAMP_TYPE, LOG_APPEND_TIME);
        return all;
    }

    /**
     * Wrapped data keys: compacted, so a tombstone destroys one message's key, with segments rolled
     * and cleaned within {@link #KEY_SHREDDING_BOUND}; also deleted with the records they open.
     */
    private static Map<String, String> keyTopic(Duration retention) {
        String bound = String.valueOf(KEY_SHREDDING_BOUND.toMillis());
        return Map.of(
                "cleanup.policy",
                "compact,delete",
                "retention.ms",
                String.valueOf(retention.toMillis()),
                "segment.ms",
                bound,
                "max.compaction.lag.ms",
                bound,
                "delete.retention.ms",
                bound);
    }

    private static Map<String, String> keepForever() {
        return Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1");
    }
}
