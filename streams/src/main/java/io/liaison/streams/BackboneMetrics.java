package io.liaison.streams;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the backbone did: messages disseminated, deliveries, and quarantines by reason
 * code. Read by the demo, the health endpoint and the benchmark.
 */
public final class BackboneMetrics {
    private final LongAdder disseminated = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final Map<String, LongAdder> quarantinedByReason = new ConcurrentHashMap<>();

    void record(Outcome outcome) {
        if (outcome instanceof Outcome.Quarantined q) {
            quarantinedByReason
                    .computeIfAbsent(q.reasonCode(), r -> new LongAdder())
                    .increment();
        } else {
            disseminated.increment();
            deliveries.add(outcome.outputs().stream()
                    .filter(o -> o.topic().startsWith(io.liaison.cluster.topics.Topics.INBOX_PREFIX))
                    .count());
        }
    }

    public long disseminated() {
        return disseminated.sum();
    }

    public long deliveries() {
        return deliveries.sum();
    }

    public Map<String, Long> quarantinedByReason() {
        Map<String, Long> out = new TreeMap<>();
        quarantinedByReason.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long quarantined() {
        return quarantinedByReason.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
