package io.liaison.complaints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.web.auth.Listeners;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code liaison complaints serve}: the public complaint intake. No account: a resident files a
 * complaint and gets a receipt number. Routes:
 *
 * <pre>
 * GET  /                               the form (HTML)
 * POST /complaints                     form-urlencoded or JSON; 201 with the receipt (HTML for browsers, else JSON)
 *                                      400 names the bad field, 413 the body limit, 415 the content type,
 *                                      429 the rate limit (Retry-After), 503 when Kafka did not store it
 * GET  /complaints/{receipt}           status (JSON)
 * GET  /status?receipt=R               status (HTML)
 * GET  /complaints/{receipt}/proof     the inclusion proof file, once oversight published it (404 before)
 * GET  /health /ready /metrics
 * </pre>
 *
 * A filing is sealed to the oversight agency's key and stored with its audit record before the
 * receipt is sent; the intake holds no key that opens it.
 */
public final class ComplaintServer implements AutoCloseable {
    /** Complaints stored, by declared category (never a resident's text). */
    public static final String RECEIVED = "liaison.complaints.received";
    /** Answers to filings, by HTTP status: 201 stored, 4xx refused with a reason, 503 not stored. */
    public static final String ANSWERS = "liaison.complaints.answers";

    private static final Logger LOG = LoggerFactory.getLogger(ComplaintServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The policy facts the intake needs, fixed at start (a new policy takes a restart). */
    public record IntakePolicy(ComplaintsPolicy complaints, Set<String> agencies, String version) {}

    private final ComplaintsConfig config;
    private final ComplaintStore store;
    private final IntakePolicy policy;
    private final Function<Instant, Optional<EncryptionKey>> oversightKey;
    private final String component;
    private final Clock clock;
    private final SecureRandom random;
    private final RateLimiter filings;
    private final RateLimiter lookups;
    private final PrometheusMeterRegistry metrics = ProcessMetrics.registry("complaints");
    private final Javalin app;

    private ComplaintServer(
            ComplaintsConfig config,
            ComplaintStore store,
            IntakePolicy policy,
            Function<Instant, Optional<EncryptionKey>> oversightKey,
            String component,
            Clock clock,
            SecureRandom random) {
        this.config = config;
        this.store = store;
        this.policy = policy;
        this.oversightKey = oversightKey;
        this.component = component;
        this.clock = clock;
        this.random = random;
        this.filings = new RateLimiter(
                "complaints", config.filingBurst(), config.filingPeriod(), config.maxAddresses(), clock);
        this.lookups =
                new RateLimiter("lookups", config.lookupBurst(), config.lookupPeriod(), config.maxAddresses(), clock);
        this.app = Javalin.create(this::configure);
    }

    /**
     * @param oversightKey the oversight agency's encryption key valid at an instant (from the trust store)
     * @param component    names this instance in audit records
     */
    public static ComplaintServer start(
            ComplaintsConfig config,
            ComplaintStore store,
            IntakePolicy policy,
            Function<Instant, Optional<EncryptionKey>> oversightKey,
            String component,
            Clock clock) {
        ComplaintServer server =
                new ComplaintServer(config, store, policy, oversightKey, component, clock, new SecureRandom());
        server.app.start();
        LOG.info(
                "complaint intake listening on {} (oversight: {})",
                server.baseUrl(),
                policy.complaints().oversight());
        return server;
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return (config.tls().isPresent() ? "https" : "http") + "://" + config.bindHost() + ":" + port();
    }

    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        // Javalin's own limit stays above ours, so our 413 (naming the limit) answers first
        c.http.maxRequestSize = config.maxBodyBytes() + 1L;
        c.jetty.addConnector(
                (server, base) -> Listeners.connector(server, base, config.tls(), config.bindHost(), config.port()));
        c.routes.before(ctx -> {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        c.routes.get("/", ctx -> html(ctx, 200, Pages.form(policy.complaints(), concernable(), config)));
        c.routes.post("/complaints", this::file);
        c.routes.get("/complaints/{receipt}", ctx -> status(ctx, ctx.pathParam("receipt"), false));
        c.routes.get(
                "/status",
                ctx -> status(
                        ctx, Optional.ofNullable(ctx.queryParam("receipt")).orElse(""), true));
        c.routes.get("/complaints/{receipt}/proof", this::proof);
        c.routes.after("/complaints", ctx -> {
            if ("POST".equals(ctx.method().name())) {
                metrics.counter(ANSWERS, "status", String.valueOf(ctx.status().getCode()))
                        .increment();
            }
        });
        c.routes.get(
                "/metrics", ctx -> ctx.contentType(ProcessMetrics.CONTENT_TYPE).result(metrics.scrape()));
        c.routes.get("/health", ctx -> json(ctx, 200, Map.of("status", "UP")));
        c.routes.get("/ready", ctx -> {
            Optional<String> why = notReady();
            json(
                    ctx,
                    why.isEmpty() ? 200 : 503,
                    why.map(r -> Map.of("status", "NOT_READY", "reason", r)).orElse(Map.of("status", "READY")));
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
            refuse(ctx, 500, "internal error; nothing was stored", Map.of());
        });
    }

    /** Agencies a complaint may name: every agency of the policy but oversight itself. */
    private Set<String> concernable() {
        Set<String> out = new java.util.TreeSet<>(policy.agencies());
        out.remove(policy.complaints().oversight());
        return out;
    }

    private Optional<String> notReady() {
        if (oversightKey.apply(clock.instant()).isEmpty()) {
            return Optional.of("no valid encryption key of "
                    + policy.complaints().oversight() + " in the trust store: complaints cannot be sealed");
        }
        return store.notReady();
    }

    private void file(Context ctx) {
        if (ctx.req().getContentLengthLong() > config.maxBodyBytes()) {
            refuse(
                    ctx,
                    413,
                    "the request body is " + ctx.req().getContentLengthLong() + " bytes; the limit is "
                            + config.maxBodyBytes() + " bytes",
                    Map.of("limit", "maxBodyBytes=" + config.maxBodyBytes()));
            return;
        }
        if (limited(ctx, filings)) {
            return;
        }
        byte[] body;
        try {
            body = readBounded(ctx.req().getInputStream(), config.maxBodyBytes());
        } catch (IOException e) {
            refuse(ctx, 400, "the request body could not be read", Map.of());
            return;
        }
        if (body == null) {
            refuse(
                    ctx,
                    413,
                    "the request body is larger than the limit of " + config.maxBodyBytes() + " bytes",
                    Map.of("limit", "maxBodyBytes=" + config.maxBodyBytes()));
            return;
        }
        Map<String, String> fields;
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("application/x-www-form-urlencoded")) {
                fields = formFields(new String(body, StandardCharsets.UTF_8));
            } else if (type.startsWith("application/json")) {
                fields = jsonFields(body);
            } else {
                refuse(
                        ctx,
                        415,
                        "Content-Type must be application/x-www-form-urlencoded or application/json",
                        Map.of("field", "Content-Type"));
                return;
            }
        } catch (IllegalArgumentException e) {
            refuse(ctx, 400, e.getMessage(), Map.of("field", "(body)"));
            return;
        }
        Instant now = clock.instant();
        ComplaintForm.Validation validation =
                ComplaintForm.validate(fields, policy.complaints(), concernable(), Receipts.next(random), now);
        if (validation instanceof ComplaintForm.Validation.Invalid invalid) {
            refuse(ctx, 400, invalid.field() + " " + invalid.reason(), Map.of("field", invalid.field()));
            return;
        }
        Complaint complaint = ((ComplaintForm.Validation.Valid) validation).complaint();
        Optional<EncryptionKey> key = oversightKey.apply(now);
        if (key.isEmpty()) {
            LOG.error(
                    "refused a complaint: no valid encryption key of {}",
                    policy.complaints().oversight());
            unavailable(ctx, "the service cannot encrypt complaints for the oversight board right now");
            return;
        }
        ComplaintRecords.Filing filing =
                ComplaintRecords.filing(complaint, key.get(), policy.version(), component, random);
        try {
            store.file(filing);
        } catch (ComplaintStore.Unavailable e) {
            LOG.error("a complaint was not stored; the resident was told to retry: {}", e.getMessage());
            unavailable(ctx, "the service could not store your complaint right now");
            return;
        }
        LOG.info("complaint {} received (category {})", complaint.receipt(), complaint.category());
        metrics.counter(RECEIVED, "category", complaint.category()).increment();
        if (wantsHtml(ctx)) {
            html(ctx, 201, Pages.receipt(complaint.receipt()));
        } else {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("receipt", complaint.receipt());
            out.put("status", "received");
            out.put("statusUrl", "/complaints/" + complaint.receipt());
            out.put("proofUrl", "/complaints/" + complaint.receipt() + "/proof");
            json(ctx, 201, out);
        }
    }

    private void unavailable(Context ctx, String what) {
        ctx.header("Retry-After", "60");
        refuse(ctx, 503, what + "; it was NOT received and no receipt exists. Please try again later.", Map.of());
    }

    private void status(Context ctx, String receipt, boolean page) {
        if (limited(ctx, lookups)) {
            return;
        }
        if (!Receipts.valid(receipt)) {
            refuse(ctx, 400, "receipt is not a receipt number (C-XXXXX-XXXXX-XXXXX-XXXXX)", Map.of("field", "receipt"));
            return;
        }
        Optional<ComplaintRecords.StatusEntry> entry = store.status(receipt);
        if (entry.isEmpty()) {
            refuse(ctx, 404, "no complaint with this receipt number", Map.of("field", "receipt"));
            return;
        }
        boolean proof = store.proof(receipt).isPresent();
        if (page) {
            html(ctx, 200, Pages.status(entry.get(), proof));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("receipt", receipt);
        out.put("status", entry.get().status().key());
        out.put("changedAt", entry.get().changedAt().toString());
        out.put("proofAvailable", proof);
        json(ctx, 200, out);
    }

    private void proof(Context ctx) {
        if (limited(ctx, lookups)) {
            return;
        }
        String receipt = ctx.pathParam("receipt");
        if (!Receipts.valid(receipt)) {
            refuse(ctx, 400, "receipt is not a receipt number (C-XXXXX-XXXXX-XXXXX-XXXXX)", Map.of("field", "receipt"));
            return;
        }
        Optional<byte[]> proof = store.proof(receipt);
        if (proof.isEmpty()) {
            refuse(
                    ctx,
                    404,
                    store.status(receipt).isPresent()
                            ? "no proof yet: it is published once a signed checkpoint covers the complaint"
                            : "no complaint with this receipt number",
                    Map.of("field", "receipt"));
            return;
        }
        ctx.status(200)
                .contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"proof-" + receipt + ".json\"")
                .result(proof.get());
    }

    private boolean limited(Context ctx, RateLimiter limiter) {
        if (limiter.acquire(ctx.ip()) instanceof RateLimiter.Decision.Refused r) {
            long seconds = Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            refuse(
                    ctx,
                    429,
                    "too many requests from your address: the limit is " + r.limit(),
                    Map.of("limit", r.limit()));
            return true;
        }
        return false;
    }

    /** The body, or null when it is longer than {@code max} (a chunked body has no Content-Length to check first). */
    static byte[] readBounded(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    static Map<String, String> formFields(String body) {
        Map<String, String> out = new HashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        return out;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the form body is not valid URL encoding");
        }
    }

    static Map<String, String> jsonFields(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object of text fields");
        }
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new IllegalArgumentException(f.getKey() + " must be a JSON string");
            }
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    private static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static void refuse(Context ctx, int status, String message, Map<String, String> details) {
        if (wantsHtml(ctx)) {
            html(ctx, status, Pages.error(status, message, details));
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
        json(ctx, status, body);
    }

    private static void html(Context ctx, int status, String page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(page);
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
