package io.liaison.web.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener of a process without an HTTP API of its own (backbone, checkpointer):
 * {@code /health} (liveness), {@code /ready} (readiness, 503 with the reason) and {@code /metrics}
 * (Prometheus text). Plain HTTP, unauthenticated, and read-only: bind it to loopback unless a
 * scraper on a private network needs it; it serves counts and states, never message content.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final Javalin app;

    private ManagementServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts listening on {@code host:port} (port 0: any free one).
     *
     * @param liveness  what {@code /health} reports
     * @param readiness what {@code /ready} reports
     */
    public static ManagementServer start(
            String host,
            int port,
            PrometheusMeterRegistry registry,
            Supplier<List<Check>> liveness,
            Supplier<List<Check>> readiness) {
        ObjectMapper json = new ObjectMapper();
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = host;
            c.jetty.port = port;
            c.routes.get("/health", ctx -> {
                Probe probe = Probe.liveness(liveness.get());
                ctx.status(probe.httpStatus())
                        .contentType("application/json")
                        .result(json.writeValueAsBytes(probe.body()));
            });
            c.routes.get("/ready", ctx -> {
                Probe probe = Probe.readiness(readiness.get());
                ctx.status(probe.httpStatus())
                        .contentType("application/json")
                        .result(json.writeValueAsBytes(probe.body()));
            });
            c.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(ProcessMetrics.CONTENT_TYPE).result(registry.scrape()));
        });
        app.start();
        LOG.info("management listener (/health, /ready, /metrics) on http://{}:{}", host, app.port());
        return new ManagementServer(app);
    }

    /** The port listened on (the chosen one when 0 was asked for). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
