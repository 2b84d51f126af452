package io.liaison.controlplane;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a process knows of the trust and policy it follows, as gauges: whether its control plane is
 * ready, how far behind the topics it is, the policy version in force (as a tag) and how many trust
 * records it applied. Every process that follows a {@link ControlPlane} binds one.
 */
public final class ControlPlaneMetrics implements MeterBinder {
    /** 1 while the follower is caught up and following without error, else 0. */
    public static final String READY = "liaison.control.plane.ready";
    /** Seconds since the instant before which everything on both topics was applied. */
    public static final String LAG = "liaison.control.plane.lag";
    /** Trust items and policy records handled, refused ones included. */
    public static final String APPLIED = "liaison.control.plane.applied";
    /** 1, tagged with {@code version}: the policy version in force. */
    public static final String POLICY_VERSION = "liaison.policy.version.in.force";
    /** Keys in the trust store now (revoked ones included: their revocation is trust too). */
    public static final String TRUST_KEYS = "liaison.trust.keys";

    private final ControlPlane controlPlane;
    private final Clock clock;

    public ControlPlaneMetrics(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = controlPlane;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(READY, controlPlane, c -> c.health().ready() ? 1 : 0)
                .description("whether the control plane follows trust and policy without error")
                .register(registry);
        Gauge.builder(LAG, this, ControlPlaneMetrics::lagSeconds)
                .description("age of the instant before which trust and policy are known to be applied")
                .baseUnit("seconds")
                .register(registry);
        FunctionCounter.builder(APPLIED, controlPlane, ControlPlane::applied)
                .description("trust and policy records handled, refused ones included")
                .register(registry);
        Gauge.builder(TRUST_KEYS, controlPlane, c -> c.trust().keys().size())
                .description("keys in the trust store")
                .register(registry);
        MultiGauge policy = MultiGauge.builder(POLICY_VERSION)
                .description("the policy version in force, as the version tag")
                .register(registry);
        Runnable refresh = () -> policy.register(
                List.of(MultiGauge.Row.of(
                        Tags.of("version", controlPlane.policy().version()), 1)),
                true);
        refresh.run();
        controlPlane.onChange(refresh);
    }

    private double lagSeconds() {
        Instant asOf = controlPlane.currentAsOf();
        return asOf == null
                ? Double.NaN
                : Duration.between(asOf, clock.instant()).toMillis() / 1000.0;
    }
}
