package io.liaison.producer.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ingest's meters, tagged with its agency: requests accepted, answered from the idempotency
 * cache, refused by reason, and the time from request to broker acknowledgement. Thread-safe.
 */
final class IngestMetrics {
    /** Counter of messages published and acknowledged by the broker. */
    static final String ACCEPTED = "liaison.ingest.accepted";
    /** Counter of requests answered with an earlier receipt (same Idempotency-Key). */
    static final String REPLAYED = "liaison.ingest.replayed";
    /** Counter of requests refused, by {@code reason}. */
    static final String REJECTED = "liaison.ingest.rejected";
    /** Timer of accepted requests, request to broker acknowledgement. */
    static final String PUBLISH = "liaison.ingest.publish";

    /** Why a request was refused; the tag value is the lower-case name. */
    enum Rejection {
        INVALID_PAYLOAD,
        INVALID_REQUEST,
        UNKNOWN_TYPE,
        TOO_LARGE,
        UNAUTHENTICATED,
        FORBIDDEN,
        IDEMPOTENCY_KEY_REUSED,
        BROKER_UNAVAILABLE,
        CLUSTER_UNAVAILABLE,
        REGISTRY_UNAVAILABLE,
        NOT_READY,
        NO_BACKBONE_KEY,
        INTERNAL_ERROR;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String AGENCY = "agency";

    private final Counter accepted;
    private final Counter replayed;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private final Timer publish;

    IngestMetrics(String agency, MeterRegistry registry) {
        this.accepted = Counter.builder(ACCEPTED)
                .description("messages published and acknowledged by the broker")
                .tag(AGENCY, agency)
                .register(registry);
        this.replayed = Counter.builder(REPLAYED)
                .description("requests answered with an earlier receipt (same Idempotency-Key)")
                .tag(AGENCY, agency)
                .register(registry);
        for (Rejection r : Rejection.values()) {
            rejected.put(
                    r,
                    Counter.builder(REJECTED)
                            .description("requests refused, by reason")
                            .tag(AGENCY, agency)
                            .tag("reason", r.label())
                            .register(registry));
        }
        this.publish = Timer.builder(PUBLISH)
                .description("time from request to broker acknowledgement of accepted requests")
                .tag(AGENCY, agency)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** A request answered 201: a new publish, or a replay of an earlier one with the same key. */
    void accepted(boolean replay, long elapsedNanos) {
        (replay ? replayed : accepted).increment();
        publish.record(Duration.ofNanos(elapsedNanos));
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }

    long acceptedCount() {
        return (long) accepted.count();
    }

    long rejectedCount(Rejection reason) {
        return (long) rejected.get(reason).count();
    }
}
