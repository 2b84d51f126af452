package io.liaison.web.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one Micrometer registry of a long-running process, scraped as Prometheus text at {@code
 * /metrics}. Every meter carries the tag {@code process} (backbone, checkpointer, witness, ingest,
 * gateway), so one Prometheus can tell the processes apart when their metric names overlap (Kafka
 * client metrics, JVM metrics).
 */
public final class ProcessMetrics {
    /** The tag naming the process kind on every meter. */
    public static final String PROCESS_TAG = "process";
    /** The content type of {@link PrometheusMeterRegistry#scrape()}: the text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private ProcessMetrics() {}

    /** A registry for {@code process} with the JVM's memory, GC, thread, CPU and uptime meters bound. */
    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the process
    public static PrometheusMeterRegistry registry(String process) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(PROCESS_TAG, process);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
