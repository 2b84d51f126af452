package io.liaison.producer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlaneMetrics;
import io.liaison.controlplane.Readiness;
import io.liaison.producer.AgencyGateway;
import io.liaison.web.auth.Authenticator;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.TlsSettings;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agency's HTTP ingest: JSON in, signed envelope on the agency's ingress topic, receipt out.
 *
 * <pre>
 * POST /v1/messages/{type}   publish (see /v1/openapi.json)       authenticated: mTLS or bearer token of this agency
 * GET  /v1/openapi.json      the OpenAPI 3 description
 * GET  /health               liveness
 * GET  /ready                200 while the trust store is current (trust and policy topics followed), else 503 and why
 * GET  /metrics              Prometheus text: accepted, replayed, rejected by reason, publish latency, the
 *                            producer's Kafka client meters, the control plane's state and policy version
 * </pre>
 *
 * The server publishes through the {@link AgencyGateway} and follows the {@link ControlPlane} it is
 * given; it closes neither. Credentials are checked against the control plane's trust store at every
 * request, so a revocation published on the trust topic applies without a restart.
 */
public final class IngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    static final String OPENAPI_RESOURCE = "openapi.json";

    private final Javalin app;

    private IngestServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving for {@code gateway}'s agency.
     *
     * @param controlPlane the followed trust store that bearer tokens (see {@link BearerTokens}) and client
     *                     certificates are checked against; while it is not current, requests get 503
     */
    public static IngestServer start(
            IngestServerConfig config, AgencyGateway gateway, ControlPlane controlPlane, Clock clock) {
        try {
            return serve(config, gateway, controlPlane, clock);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a constant error body always serialises", e);
        }
    }

    private static IngestServer serve(
            IngestServerConfig config, AgencyGateway gateway, ControlPlane controlPlane, Clock clock)
            throws JsonProcessingException {
        ObjectMapper json = new ObjectMapper();
        PrometheusMeterRegistry registry = ProcessMetrics.registry("ingest");
        IngestMetrics metrics = new IngestMetrics(gateway.agency(), registry);
        new ControlPlaneMetrics(controlPlane, clock).bindTo(registry);
        gateway.bindMetrics(registry);
        PublishHandler publish = new PublishHandler(
                gateway,
                controlPlane,
                new Authenticator(controlPlane.trust(), config.tokens(), clock),
                new IdempotencyCache(config.idempotencyCapacity(), config.idempotencyTtl(), clock),
                metrics,
                config,
                json);
        byte[] openApi = openApi();
        byte[] internalError = json.writeValueAsBytes(ApiError.of("internal error"));
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxRequestBytes();
            listen(c, config);
            c.routes.post("/v1/messages/{type}", publish::handle);
            c.routes.get(
                    "/v1/openapi.json",
                    ctx -> ctx.contentType("application/json").result(openApi));
            c.routes.get(
                    "/health",
                    ctx -> ctx.contentType("application/json")
                            .result(json.writeValueAsBytes(Map.of("status", "UP", "agency", gateway.agency()))));
            c.routes.get("/ready", ctx -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("agency", gateway.agency());
                Readiness readiness = controlPlane.readiness(config.controlPlaneMaxLag());
                if (readiness instanceof Readiness.Ready ready) {
                    body.put("status", "READY");
                    body.put("trustCurrentAsOf", ready.currentAsOf().toString());
                    body.put("policyVersion", ready.policyVersion());
                } else {
                    body.put("status", "NOT_READY");
                    body.put("reason", ((Readiness.NotReady) readiness).reason());
                }
                ctx.status(readiness instanceof Readiness.Ready ? 200 : 503)
                        .contentType("application/json")
                        .result(json.writeValueAsBytes(body));
            });
            c.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(ProcessMetrics.CONTENT_TYPE).result(registry.scrape()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
                metrics.rejected(IngestMetrics.Rejection.INTERNAL_ERROR);
                ctx.status(500).contentType("application/json").result(internalError);
            });
        });
        app.start();
        LOG.info(
                "agency gateway ingest for {} listening on {}://{}:{}",
                gateway.agency(),
                config.tls().isPresent() ? "https" : "http",
                config.bindHost(),
                app.port());
        return new IngestServer(app);
    }

    /** The port listened on (the chosen one when the config said 0). */
    public int port() {
        return app.port();
    }

    /** Stops accepting; requests in flight are answered or cut off by Jetty's graceful stop. */
    @Override
    public void close() {
        app.stop();
    }

    private static void listen(JavalinConfig c, IngestServerConfig config) {
        if (config.tls().isEmpty()) {
            c.jetty.host = config.bindHost();
            c.jetty.port = config.port();
            return;
        }
        TlsSettings tls = config.tls().get();
        c.jetty.addConnector((server, http) -> {
            SslContextFactory.Server ssl = tls.jettyServerTls();
            HttpConfiguration https = new HttpConfiguration(http);
            https.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
            connector.setHost(config.bindHost());
            connector.setPort(config.port());
            return connector;
        });
    }

    private static byte[] openApi() {
        try (InputStream in = IngestServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing resource " + OPENAPI_RESOURCE + " next to " + IngestServer.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
