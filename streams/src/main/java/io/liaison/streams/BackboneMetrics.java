package io.liaison.streams;

import io.liaison.policy.Deliver;
import io.liaison.policy.RecipientDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the backbone did, as meters of the process's registry: messages disseminated, policy decisions
 * by recipient and outcome, quarantines by reason code, the time to process one ingress record, and
 * the end-to-end latency from the ingress record's timestamp (set when the ingest published it) to
 * the write of the inbox copy. The getters read the same meters: the demo, the status line of
 * {@code backbone run} and the benchmark see what {@code /metrics} shows.
 */
public final class BackboneMetrics {
    /** Counter by {@code reason} (a RejectionReason code). */
    public static final String QUARANTINED = "liaison.backbone.quarantined";
    /** Counter by {@code recipient} and {@code outcome} ({@value #DELIVERED} or {@value #DENIED}). */
    public static final String DECISIONS = "liaison.backbone.decisions";
    /** Counter of messages verified and fanned out (to any number of recipients). */
    public static final String DISSEMINATED = "liaison.backbone.disseminated";
    /** Timer: one ingress record, from the processor receiving it to its outputs being forwarded. */
    public static final String PROCESSING = "liaison.backbone.processing";
    /** Timer by {@code recipient}: ingress record timestamp to the write of the inbox copy. */
    public static final String END_TO_END = "liaison.backbone.end.to.end";

    public static final String DELIVERED = "delivered";
    public static final String DENIED = "denied";

    private final MeterRegistry registry;
    private final Counter disseminated;
    private final Timer processing;

    public BackboneMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.disseminated = Counter.builder(DISSEMINATED)
                .description("messages verified and fanned out")
                .register(registry);
        this.processing = Timer.builder(PROCESSING)
                .description("time to process one ingress record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Meters of their own, not exported: the topology tests and the benchmark. */
    public BackboneMetrics() {
        this(new SimpleMeterRegistry());
    }

    /**
     * Counts {@code outcome} of an ingress record that arrived with timestamp {@code ingressMillis},
     * processed in {@code elapsed}, its outputs written at {@code nowMillis}.
     */
    void record(Outcome outcome, long ingressMillis, long nowMillis, Duration elapsed) {
        processing.record(elapsed);
        if (outcome instanceof Outcome.Quarantined q) {
            quarantined(q.reasonCode()).increment();
        } else if (outcome instanceof Outcome.Disseminated d) {
            disseminated.increment();
            for (RecipientDecision decision : d.decisions()) {
                boolean delivered = decision instanceof Deliver;
                decisions(decision.recipient(), delivered ? DELIVERED : DENIED).increment();
                if (delivered) {
                    endToEnd(decision.recipient()).record(Duration.ofMillis(Math.max(0, nowMillis - ingressMillis)));
                }
            }
        }
    }

    private Counter quarantined(String reason) {
        return Counter.builder(QUARANTINED)
                .description("ingress records quarantined, by reason code")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter decisions(String recipient, String outcome) {
        return Counter.builder(DECISIONS)
                .description("policy decisions, by recipient and outcome")
                .tag("recipient", recipient)
                .tag("outcome", outcome)
                .register(registry);
    }

    private Timer endToEnd(String recipient) {
        return Timer.builder(END_TO_END)
                .description("ingress record timestamp to the write of the recipient's inbox copy")
                .tag("recipient", recipient)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    public long disseminated() {
        return (long) disseminated.count();
    }

    /** Copies written to inboxes (decisions delivered). */
    public long deliveries() {
        return (long) registry.find(DECISIONS).tag("outcome", DELIVERED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    public Map<String, Long> quarantinedByReason() {
        Map<String, Long> out = new TreeMap<>();
        registry.find(QUARANTINED)
                .counters()
                .forEach(c -> out.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum));
        return out;
    }

    public long quarantined() {
        return quarantinedByReason().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
