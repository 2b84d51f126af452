package io.liaison.cluster.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the topics on a cluster differ from a plan: which to create, which exist as planned, and
 * which exist with other settings. Partition counts and replication factors are only reported:
 * adding partitions moves keys to other partitions, and reassigning replicas is an operator's call.
 *
 * @param missing    planned topics that do not exist
 * @param matching   names of topics that exist as planned
 * @param drifted    topics that exist with another partition count, replication factor or config
 */
public record TopicDiff(List<TopicSpec> missing, List<String> matching, List<Drift> drifted) {

    /** What a cluster reports about one existing topic (only the planned config keys matter). */
    public record Observed(int partitions, short replicationFactor, Map<String, String> configs) {
        public Observed {
            configs = Map.copyOf(configs);
        }
    }

    /**
     * One existing topic that differs from its plan.
     *
     * @param spec          the plan
     * @param observed      what the cluster has
     * @param configChanges planned config values that differ, key → planned value (these {@code admin apply} sets)
     */
    public record Drift(TopicSpec spec, Observed observed, Map<String, String> configChanges) {
        public Drift {
            configChanges = Map.copyOf(configChanges);
        }

        public boolean partitionsDiffer() {
            return observed.partitions() != spec.partitions();
        }

        public boolean replicationDiffers() {
            return observed.replicationFactor() != spec.replicationFactor();
        }
    }

    public TopicDiff {
        missing = List.copyOf(missing);
        matching = List.copyOf(matching);
        drifted = List.copyOf(drifted);
    }

    /** Compares a plan with what exists; {@code existing} maps topic name to its observed settings. */
    public static TopicDiff compare(List<TopicSpec> plan, Map<String, Observed> existing) {
        List<TopicSpec> missing = new ArrayList<>();
        List<String> matching = new ArrayList<>();
        List<Drift> drifted = new ArrayList<>();
        for (TopicSpec spec : plan) {
            Observed observed = existing.get(spec.name());
            if (observed == null) {
                missing.add(spec);
                continue;
            }
            Map<String, String> changes = new TreeMap<>();
            spec.configs().forEach((key, planned) -> {
                if (!planned.equals(observed.configs().get(key))) {
                    changes.put(key, planned);
                }
            });
            Drift drift = new Drift(spec, observed, changes);
            if (changes.isEmpty() && !drift.partitionsDiffer() && !drift.replicationDiffers()) {
                matching.add(spec.name());
            } else {
                drifted.add(drift);
            }
        }
        return new TopicDiff(missing, matching, drifted);
    }
}
