package io.liaison.runtime.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;

/**
 * The checkpointer's meters: the size of the last checkpoint it published (a tree size), its age,
 * how much of the audit log it has read, and whether it signs or refuses; its Kafka clients' meters
 * too. A checkpoint is stale when the log grew past it and it is old: the alert
 * {@code LiaisonCheckpointStale} (deploy/prometheus) asks exactly that.
 */
public final class CheckpointMetrics implements MeterBinder {
    /** Tree size of the last checkpoint this run published; NaN before its first. */
    public static final String SIZE = "liaison.checkpoint.size";
    /** Seconds since this run last published a checkpoint; NaN before its first. */
    public static final String AGE = "liaison.checkpoint.age";
    /** Records of the audit log read into the tree. */
    public static final String LOG_SIZE = "liaison.checkpoint.log.size";
    /** 1 while signing as the log grows (Health.Signing), else 0. */
    public static final String READY = "liaison.checkpoint.ready";
    /** 1 once it refused to sign (until restarted), else 0. */
    public static final String REFUSED = "liaison.checkpoint.refused";

    private final CheckpointPublisher publisher;
    private final Clock clock;

    public CheckpointMetrics(CheckpointPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Binds the gauges, and the Kafka clients the publisher creates once started. */
    @Override
    public void bindTo(MeterRegistry registry) {
        publisher.bindClientMetrics(registry);
        Gauge.builder(
                        SIZE,
                        publisher,
                        p -> p.lastPublished().map(c -> (double) c.size()).orElse(Double.NaN))
                .description("tree size of the last checkpoint published")
                .register(registry);
        Gauge.builder(AGE, this, CheckpointMetrics::ageSeconds)
                .description("time since the last checkpoint was published")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(LOG_SIZE, publisher, CheckpointPublisher::logSize)
                .description("records of the audit log read into the tree")
                .register(registry);
        Gauge.builder(READY, publisher, p -> p.health().ready() ? 1 : 0)
                .description("whether the checkpointer signs the log as it grows")
                .register(registry);
        Gauge.builder(REFUSED, publisher, p -> p.health().healthy() ? 0 : 1)
                .description("whether the checkpointer refused to sign (until restarted)")
                .register(registry);
    }

    private double ageSeconds() {
        return publisher
                .lastPublishedAt()
                .map(at -> Duration.between(at, clock.instant()).toMillis() / 1000.0)
                .orElse(Double.NaN);
    }
}
