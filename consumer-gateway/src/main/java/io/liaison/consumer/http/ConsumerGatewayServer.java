package io.liaison.consumer.http;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.liaison.consumer.KeyTopic;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlaneMetrics;
import io.liaison.controlplane.Readiness;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.SchemaRegistryClient;
import io.liaison.web.auth.Authenticator;
import io.liaison.web.auth.Listeners;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer gateway's HTTP side for one agency: its analysts' SSE feeds and REST catch-up over
 * its inbox, every copy opened with the agency's own decryption key and verified with
 * {@link CopyVerifier} before it is served, the analyst console at {@code /console/},
 * {@code /health}, {@code /ready} and {@code /metrics}. Each agency runs its own gateway, logged in to
 * Kafka as {@code gateway.<agency>}, which may read that agency's inbox and key topic only. Trust and
 * policy come from the {@link ControlPlane} it follows (not closed here): copies, credentials and
 * declared purposes are checked against them as they are now, and open feeds again whenever they change.
 *
 * <pre>{@code
 * DecryptionKeys cpdKeys = PkiDirectory.at(dir).decryptionKeys("cpd", EncryptionRole.AGENCY, Optional.empty());
 * try (ConsumerGatewayServer gateway = ConsumerGatewayServer.start(
 *         ConsumerGatewayConfig.defaults(bootstrap, registryUrl, 8470), controlPlane, cpdKeys, Clock.systemUTC())) {
 *     String token = BearerTokens.issue(cpdSigningIdentity, "jdoe", TokenSettings.CONSUMER_GATEWAY_AUDIENCE,
 *             Duration.ofHours(1), Clock.systemUTC());
 *     // curl -N -H "Authorization: Bearer $token" "http://127.0.0.1:8470/v1/agencies/cpd/feed?purpose=crowd-safety"
 * }
 * }</pre>
 */
public final class ConsumerGatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGatewayServer.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final int IDLE_TIMEOUT_MILLIS = 120_000;

    private final ConsumerGatewayConfig config;
    private final ControlPlane controlPlane;
    private final InboxReader reader;
    private final InboxTails tails;
    private final AuditTrail audit;
    private final String agency;
    private final KeyTopic keyTopic;
    private final FeedEndpoints endpoints;
    private final GatewayMetrics metrics;
    private final PrometheusMeterRegistry meters;
    private final KafkaClientMetrics auditProducerMetrics;
    private final Javalin app;

    private ConsumerGatewayServer(
            ConsumerGatewayConfig config,
            List<IdentityProvider> identityProviders,
            ControlPlane controlPlane,
            DecryptionKeys keys,
            Clock clock) {
        this.config = config;
        this.controlPlane = controlPlane;
        this.agency = keys.owner();
        this.meters = ProcessMetrics.registry("gateway");
        this.metrics = new GatewayMetrics(meters, this::tailCount);
        new ControlPlaneMetrics(controlPlane, clock).bindTo(meters);
        TrustStore trust = controlPlane.trust();
        SchemaRegistryClient registry = new ConfluentRegistryClient(config.registry());
        AvroCodec readCodec = new AvroCodec(registry, false);
        KafkaClients clients = new KafkaClients(config.bootstrapServers(), config.kafkaOverrides());
        this.keyTopic =
                KeyTopic.open(Topics.keys(keys.owner()), clients.consumerProperties("keys"), KeyTopic.DEFAULT_MAX_WAIT);
        CopyVerifier verifier = new CopyVerifier(keys, keyTopic, trust, readCodec);
        this.reader = new InboxReader(clients, KAFKA_TIMEOUT, config.restReaders());
        this.tails = new InboxTails(clients, reader, verifier, metrics);
        // The audit schema is the contract's own; registering it is idempotent where streams already did.
        var auditProducer = clients.auditProducer();
        this.auditProducerMetrics = metrics.bindClient(auditProducer);
        this.audit =
                new AuditTrail(auditProducer, new AvroCodec(registry, true), config.component(), clock, KAFKA_TIMEOUT);
        this.endpoints = new FeedEndpoints(
                config,
                controlPlane,
                new GatewayAuthenticator(new Authenticator(trust, config.tokens(), clock), identityProviders),
                new QuotaLedger(config.quotas(), clock),
                reader,
                tails,
                verifier,
                audit,
                metrics);
        this.app = Javalin.create(this::configure);
    }

    /**
     * Starts the gateway of {@code keys}' owner, following {@code controlPlane}: a revocation or a new
     * policy version applies at once.
     */
    public static ConsumerGatewayServer start(
            ConsumerGatewayConfig config, ControlPlane controlPlane, DecryptionKeys keys, Clock clock) {
        return start(config, List.of(), controlPlane, keys, clock);
    }

    /**
     * As {@link #start(ConsumerGatewayConfig, ControlPlane, DecryptionKeys, Clock)}, also accepting
     * the OpenID Connect access tokens of each agency's {@code identityProviders} for its analysts.
     */
    public static ConsumerGatewayServer start(
            ConsumerGatewayConfig config,
            List<IdentityProvider> identityProviders,
            ControlPlane controlPlane,
            DecryptionKeys keys,
            Clock clock) {
        ConsumerGatewayServer server = new ConsumerGatewayServer(config, identityProviders, controlPlane, keys, clock);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        controlPlane.onChange(server.endpoints::recheckOpenFeeds);
        LOG.info("consumer gateway listening on {}", server.baseUrl());
        return server;
    }

    private int tailCount() {
        return tails.size();
    }

    /** The agency this gateway serves. */
    public String agency() {
        return agency;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** {@code http(s)://host:port}, without a trailing slash. */
    public String baseUrl() {
        return (config.tls().isPresent() ? "https" : "http") + "://" + config.bindHost() + ":" + port();
    }

    public ConsumerGatewayConfig config() {
        return config;
    }

    private void configure(io.javalin.config.JavalinConfig javalin) {
        javalin.startup.showJavalinBanner = false;
        javalin.jetty.threadPool = threadPool();
        javalin.jetty.addConnector(this::connector);
        javalin.staticFiles.add(files -> {
            files.hostedPath = "/console";
            files.directory = "/console";
            files.location = Location.CLASSPATH;
            files.headers = Map.of(
                    "Cache-Control",
                    "no-cache",
                    "Content-Security-Policy",
                    "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'");
        });
        javalin.routes.get("/health", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean up = tails.health().values().stream().allMatch(Boolean::booleanValue);
            body.put("status", up ? "UP" : "DOWN");
            body.put("inboxTails", tails.health());
            body.put("feedClients", metrics.feedClients.get());
            ctx.status(up ? 200 : 503).contentType("application/json").result(InboxEvents.write(body));
        });
        javalin.routes.get("/ready", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
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
                    .result(InboxEvents.write(body));
        });
        javalin.routes.get(
                "/metrics", ctx -> ctx.contentType(ProcessMetrics.CONTENT_TYPE).result(meters.scrape()));
        javalin.routes.get("/v1/agencies/{agency}/feed", endpoints::feed);
        javalin.routes.get("/v1/agencies/{agency}/messages", endpoints::messages);
        javalin.routes.get("/v1/agencies/{agency}/command", endpoints::command);
        javalin.routes.exception(BadParameter.class, (e, ctx) -> {
            metrics.badRequests.increment();
            FeedEndpoints.error(ctx, 400, e.getMessage(), e.parameter());
        });
        javalin.routes.exception(InboxReader.InboxUnavailable.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(FeedEndpoints.UNAVAILABLE_RETRY_AFTER_SECONDS));
            FeedEndpoints.error(ctx, 503, e.getMessage(), null);
        });
        javalin.routes.exception(AuditTrail.AuditUnavailable.class, (e, ctx) -> {
            LOG.error("refusing a request because its audit record cannot be written", e);
            FeedEndpoints.error(ctx, 503, "the audit log is unavailable, so nothing is served; retry later", null);
        });
    }

    private QueuedThreadPool threadPool() {
        // Each feed holds a thread while it streams: room for every allowed client plus ordinary requests.
        QueuedThreadPool pool = new QueuedThreadPool(config.maxFeedClients() + 32, 8);
        pool.setName("liaison-gateway-http");
        return pool;
    }

    private ServerConnector connector(Server server, HttpConfiguration base) {
        ServerConnector connector = Listeners.connector(server, base, config.tls(), config.bindHost(), config.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        if (config.socketSendBufferBytes() > 0) {
            connector.setAcceptedSendBufferSize(config.socketSendBufferBytes());
        }
        return connector;
    }

    @Override
    public void close() {
        endpoints.interruptStreams();
        try {
            app.stop();
        } finally {
            tails.close();
            reader.close();
            audit.close();
            auditProducerMetrics.close();
            keyTopic.close();
        }
    }
}
