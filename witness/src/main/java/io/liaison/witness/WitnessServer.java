package io.liaison.witness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.liaison.audit.checkpoint.AddCheckpoint;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.Witness;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.web.auth.Listeners;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code liaison witness serve}: the oversight board's witness over HTTP, speaking C2SP
 * tlog-witness. {@code POST /add-checkpoint} answers 200 with the cosignature line, or refuses with
 * the spec's status: 400 malformed, 403 no trusted backbone signature, 404 unknown origin, 409 (body
 * {@code <size>\n}, {@code text/x.tlog.size}) when the client's old size is not the last cosigned one,
 * and also for a fork (another root at that size) or a truncation (a smaller checkpoint), 422 when
 * the consistency proof fails (history rewritten). Every refusal is logged at WARN with its reason
 * (a stale old size, routine when a client first calls, at INFO) and counted in {@code /metrics};
 * the last evidence of log misbehaviour stays in {@code /health}. Also {@code /ready}.
 *
 * <pre>{@code
 * try (WitnessServer witness = WitnessServer.start(config, witnessKey, "oversight.liaison/witness",
 *         new CheckpointVerifier(trust), Set.of("liaison.backbone/audit"), Clock.systemUTC())) { ... }
 * }</pre>
 */
public final class WitnessServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

    private final WitnessConfig config;
    private final Witness witness;
    private final Clock clock;
    private final Javalin app;
    private final LongAdder cosigned = new LongAdder();
    private final Map<Witness.Refusal, LongAdder> refused = new EnumMap<>(Witness.Refusal.class);
    private final AtomicReference<String> lastMisbehaviour = new AtomicReference<>();
    private final PrometheusMeterRegistry meters = ProcessMetrics.registry("witness");

    private WitnessServer(WitnessConfig config, Witness witness, Clock clock) {
        this.config = config;
        this.witness = witness;
        this.clock = clock;
        for (Witness.Refusal r : Witness.Refusal.values()) {
            refused.put(r, new LongAdder());
        }
        bindMeters();
        this.app = Javalin.create(this::configure);
    }

    /**
     * Loads the state from {@code config.stateDir()} and starts listening.
     *
     * @param key      the witness's WITNESS private key
     * @param keyName  its note key name
     * @param verifier opens checkpoints with the trusted backbone keys
     * @param origins  the logs it witnesses
     */
    public static WitnessServer start(
            WitnessConfig config,
            SigningIdentity key,
            String keyName,
            CheckpointVerifier verifier,
            Set<String> origins,
            Clock clock) {
        WitnessStateFiles state = new WitnessStateFiles(config.stateDir());
        Witness witness = new Witness(key, keyName, verifier, origins, state.load(), state);
        WitnessServer server = new WitnessServer(config, witness, clock);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info(
                "witness {} listening on {} for {} (state {})",
                witness.noteKey().verifierKey(),
                server.baseUrl(),
                origins,
                config.stateDir());
        return server;
    }

    public Witness witness() {
        return witness;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** {@code http(s)://host:port}, without a trailing slash. */
    public String baseUrl() {
        return (config.tls().isPresent() ? "https" : "http") + "://" + config.bindHost() + ":" + port();
    }

    private void configure(io.javalin.config.JavalinConfig javalin) {
        javalin.startup.showJavalinBanner = false;
        javalin.jetty.addConnector(this::connector);
        javalin.routes.post("/add-checkpoint", this::addCheckpoint);
        javalin.routes.get("/health", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("witness", witness.noteKey().verifierKey());
            Map<String, Long> sizes = new TreeMap<>();
            witness.origins()
                    .forEach(o ->
                            sizes.put(o, witness.cosigned(o).map(c -> c.size()).orElse(0L)));
            body.put("cosignedSizes", sizes);
            if (lastMisbehaviour.get() != null) {
                body.put("lastRefusedMisbehaviour", lastMisbehaviour.get());
            }
            json(ctx, 200, body);
        });
        // The state is loaded before the server listens: once it answers, it decides.
        javalin.routes.get("/ready", ctx -> json(ctx, 200, Map.of("status", "READY")));
        javalin.routes.get(
                "/metrics", ctx -> ctx.contentType(ProcessMetrics.CONTENT_TYPE).result(meters.scrape()));
    }

    private void addCheckpoint(Context ctx) {
        Witness.Decision decision;
        try {
            decision = witness.add(AddCheckpoint.parse(ctx.bodyAsBytes()), clock.instant());
        } catch (IllegalArgumentException e) {
            decision = new Witness.Decision.Refused(Witness.Refusal.MALFORMED, e.getMessage(), 0);
        }
        if (decision instanceof Witness.Decision.Cosigned c) {
            cosigned.increment();
            ctx.status(200)
                    .contentType("text/plain; charset=utf-8")
                    .result(AddCheckpoint.cosignatureLines(List.of(c.cosignature())));
            return;
        }
        Witness.Decision.Refused r = (Witness.Decision.Refused) decision;
        refused.get(r.refusal()).increment();
        if (r.refusal() == Witness.Refusal.STALE_OLD_SIZE) {
            LOG.info("add-checkpoint from {}: {}; answered with the cosigned size", ctx.ip(), r.reason());
        } else {
            LOG.warn("refused add-checkpoint from {}: {}: {}", ctx.ip(), r.refusal(), r.reason());
        }
        if (r.refusal().misbehaviour()) {
            lastMisbehaviour.set(clock.instant() + " " + r.refusal() + ": " + r.reason());
        }
        int status = status(r.refusal());
        if (status == 409) {
            // The spec's body: the size the witness holds, so an honest client can retry from it.
            ctx.status(409).contentType(SIZE_CONTENT_TYPE).result(r.cosignedSize() + "\n");
        } else {
            ctx.status(status).contentType("text/plain; charset=utf-8").result(r.refusal() + ": " + r.reason() + "\n");
        }
    }

    /** The C2SP tlog-witness status of each refusal. */
    static int status(Witness.Refusal refusal) {
        return switch (refusal) {
            case MALFORMED -> 400;
            case UNTRUSTED -> 403;
            case UNKNOWN_ORIGIN -> 404;
            case STALE_OLD_SIZE, TRUNCATION, FORK -> 409;
            case INCONSISTENT -> 422;
        };
    }

    private void bindMeters() {
        FunctionCounter.builder("liaison.witness.cosigned", cosigned, LongAdder::sum)
                .description("checkpoints cosigned")
                .register(meters);
        refused.forEach((reason, count) -> FunctionCounter.builder("liaison.witness.refused", count, LongAdder::sum)
                .description(
                        "add-checkpoint requests refused, by reason (truncation, fork, inconsistent: the log misbehaved)")
                .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters));
        witness.origins()
                .forEach(o -> Gauge.builder(
                                "liaison.witness.cosigned.size",
                                witness,
                                w -> w.cosigned(o).map(c -> (double) c.size()).orElse(0.0))
                        .description("size of the last checkpoint cosigned, by origin")
                        .tag("origin", o)
                        .register(meters));
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a status body", e);
        }
    }

    private ServerConnector connector(Server server, HttpConfiguration base) {
        return Listeners.connector(server, base, config.tls(), config.bindHost(), config.port());
    }

    @Override
    public void close() {
        app.stop();
    }
}
