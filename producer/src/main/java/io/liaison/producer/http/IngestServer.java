package io.liaison.producer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.liaison.web.auth.BearerTokens;
import io.liaison.pki.TlsPolicy;
import io.liaison.web.auth.TlsSettings;
import io.liaison.web.metrics.PrometheusText;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.producer.AgencyGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
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
 * GET  /metrics              Prometheus text: accepted, replayed, rejected by reason, publish latency
 * </pre>
 *
 * The server publishes through the {@link AgencyGateway} it is given, which it does not close.
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
     * @param trust the trust store bearer tokens are checked against (agency-signing keys; see {@link BearerTokens})
     */
    public static IngestServer start(IngestServerConfig config, AgencyGateway gateway, TrustStore trust, Clock clock) {
        try {
            return serve(config, gateway, trust, clock);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a constant error body always serialises", e);
        }
    }

    private static IngestServer serve(IngestServerConfig config, AgencyGateway gateway, TrustStore trust, Clock clock)
            throws JsonProcessingException {
        ObjectMapper json = new ObjectMapper();
        IngestMetrics metrics = new IngestMetrics(gateway.agency());
        PublishHandler publish = new PublishHandler(gateway, new CallerAuthenticator(new BearerTokens(trust, config.tokens(), clock)),
                new IdempotencyCache(config.idempotencyCapacity(), config.idempotencyTtl(), clock), metrics, config, json);
        byte[] openApi = openApi();
        byte[] internalError = json.writeValueAsBytes(ApiError.of("internal error"));
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxRequestBytes();
            listen(c, config);
            c.routes.post("/v1/messages/{type}", publish::handle);
            c.routes.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            c.routes.get("/health", ctx -> ctx.contentType("application/json")
                    .result(json.writeValueAsBytes(Map.of("status", "UP", "agency", gateway.agency()))));
            c.routes.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE).result(metrics.render()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
                metrics.rejected(IngestMetrics.Rejection.INTERNAL_ERROR);
                ctx.status(500).contentType("application/json").result(internalError);
            });
        });
        app.start();
        LOG.info("agency gateway ingest for {} listening on {}://{}:{}", gateway.agency(),
                config.tls().isPresent() ? "https" : "http", config.bindHost(), app.port());
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
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls.serverContext());
            ssl.setIncludeProtocols(TlsPolicy.PROTOCOLS.toArray(String[]::new)); // as every Liaison wire: docs/encryption.md
            ssl.setIncludeCipherSuites(TlsPolicy.CIPHER_SUITES.toArray(String[]::new));
            if (tls.requireClientCertificate()) {
                ssl.setNeedClientAuth(true);
            } else {
                ssl.setWantClientAuth(true);
            }
            HttpConfiguration https = new HttpConfiguration(http);
            https.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            connector.setHost(config.bindHost());
            connector.setPort(config.port());
            return connector;
        });
    }

    private static byte[] openApi() {
        try (InputStream in = IngestServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE + " next to " + IngestServer.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
