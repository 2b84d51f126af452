package io.liaison.consumer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.javalin.http.Context;
import io.liaison.consumer.CopyVerifier;
import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.CallerIdentity;
import io.liaison.web.auth.ClientCertificates;
import io.liaison.policy.Policy;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed and catch-up endpoints. Every request goes the same way: authenticate (401), the
 * analyst's own agency only (403, audited), parameters (400 naming the parameter), the declared
 * purpose against the policy (403, audited), then a SUBSCRIBED audit record, and only then content.
 */
final class FeedEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(FeedEndpoints.class);
    static final String CLIENT_CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final int DEFAULT_PAGE_SIZE = 100;

    private final ConsumerGatewayConfig config;
    private final Supplier<Policy> policy;
    private final BearerTokens tokens;
    private final InboxReader reader;
    private final InboxTails tails;
    private final Function<String, CopyVerifier> verifiers;
    private final AuditTrail audit;
    private final GatewayMetrics metrics;
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();

    FeedEndpoints(ConsumerGatewayConfig config, Supplier<Policy> policy, BearerTokens tokens, InboxReader reader,
                  InboxTails tails, Function<String, CopyVerifier> verifiers, AuditTrail audit, GatewayMetrics metrics) {
        this.config = config;
        this.policy = policy;
        this.tokens = tokens;
        this.reader = reader;
        this.tails = tails;
        this.verifiers = verifiers;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** {@code GET /v1/agencies/{agency}/feed}: the SSE live feed. */
    void feed(Context ctx) throws IOException {
        Optional<Grant> grant = admit(ctx, AuditTrail.METHOD_SSE);
        if (grant.isEmpty()) {
            return;
        }
        String agency = grant.get().agency();
        InboxTail tail = tails.get(agency);
        Optional<FeedCursor> resume = lastEventId(ctx).map(id -> cursor(LAST_EVENT_ID, id, tail.partitions()));
        if (metrics.feedClients.incrementAndGet() > config.maxFeedClients()) {
            metrics.feedClients.decrementAndGet();
            metrics.clientsRejectedAtCapacity.increment();
            error(ctx, 503, "the gateway serves " + config.maxFeedClients() + " feed clients already; retry later", null);
            return;
        }
        FeedSubscription subscription = new FeedSubscription(grant.get().filter(), new ClientBuffer(config.clientBufferEvents()));
        try {
            auditSubscription(grant.get(), AuditTrail.METHOD_SSE);
            tail.subscribe(subscription);
            // Positions are read after subscribing: see InboxTail for why that order loses nothing.
            FeedCursor cursor = resume.orElseGet(() -> FeedCursor.of(grant.get().filter().since()
                    .map(since -> reader.offsetsAt(agency, tail.partitions(), since.minus(config.sinceLookback())))
                    .orElseGet(() -> reader.endOffsets(agency, tail.partitions())), tail.partitions()));
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("text/event-stream");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            res.setHeader("Connection", "close"); // a dropped or finished stream ends the connection too
            streaming.add(Thread.currentThread());
            new FeedStream(agency, subscription, reader, verifiers.apply(agency), new SseWriter(res.getOutputStream()),
                    cursor, config.heartbeatInterval().toMillis(), metrics).run();
        } catch (IOException e) {
            LOG.debug("feed client of {} went away: {}", agency, e.toString());
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt(); // the gateway is closing
        } finally {
            streaming.remove(Thread.currentThread());
            tail.unsubscribe(subscription);
            metrics.feedClients.decrementAndGet();
        }
    }

    /** {@code GET /v1/agencies/{agency}/messages?from=&limit=}: one page of catch-up, by time or position. */
    void messages(Context ctx) {
        Optional<Grant> grant = admit(ctx, AuditTrail.METHOD_REST);
        if (grant.isEmpty()) {
            return;
        }
        String agency = grant.get().agency();
        int partitions = reader.partitions(agency);
        int limit = FeedFilter.single(ctx.queryParamMap(), "limit").map(this::limit).orElse(DEFAULT_PAGE_SIZE);
        Optional<String> from = FeedFilter.single(ctx.queryParamMap(), "from");
        FeedFilter filter = grant.get().filter();
        FeedCursor cursor;
        if (from.isEmpty()) {
            cursor = FeedCursor.of(reader.startOffsets(agency, partitions), partitions);
        } else if (from.get().contains("T")) { // an ISO instant; a position is digits and dots
            Instant at = FeedFilter.instant(ctx.queryParamMap(), "from").orElseThrow();
            cursor = FeedCursor.of(reader.offsetsAt(agency, partitions, at.minus(config.sinceLookback())), partitions);
            Instant since = filter.since().filter(s -> s.isAfter(at)).orElse(at);
            filter = new FeedFilter(filter.purpose(), filter.types(), filter.caveats(), Optional.of(since),
                    filter.until(), filter.text());
        } else {
            cursor = cursor("from", from.get(), partitions);
        }
        auditSubscription(grant.get(), AuditTrail.METHOD_REST);
        FeedSubscription page = new FeedSubscription(filter, null);
        FeedCursor position = cursor;
        Map<Integer, Long> ends = reader.endOffsets(agency, partitions);
        ArrayNode events = InboxEvents.JSON.createArrayNode();
        long[] scanned = new long[1];
        reader.read(agency, verifiers.apply(agency), position, ends, event -> {
            scanned[0]++;
            if (page.wants(event)) {
                events.addObject().put("event", event.name()).put("id", position.encode())
                        .putRawValue("data", new RawValue(event.json()));
            }
            return events.size() < limit && scanned[0] < config.maxScanRecords();
        });
        ObjectNode body = InboxEvents.JSON.createObjectNode()
                .put("agency", agency)
                .put("purpose", filter.purpose())
                .put("next", cursor.encode())
                .put("complete", cursor.reached(ends));
        body.set("events", events);
        ctx.status(200).contentType("application/json").result(InboxEvents.write(body));
    }

    /** Interrupts every feed still streaming, so a closing server does not wait for clients. */
    void interruptStreams() {
        streaming.forEach(Thread::interrupt);
    }

    private record Grant(CallerIdentity who, String agency, FeedFilter filter, Policy policy) {}

    /** Runs the checks every request goes through; empty when a response (401, 403) was already written. */
    private Optional<Grant> admit(Context ctx, String method) {
        Authentication authentication = authenticate(ctx);
        if (authentication instanceof Authentication.Unauthenticated u) {
            metrics.unauthenticated.increment();
            ctx.header("WWW-Authenticate", "Bearer realm=\"liaison\"");
            error(ctx, 401, u.reason(), null);
            return Optional.empty();
        }
        CallerIdentity who = ((Authentication.Authenticated) authentication).identity();
        String agency = ctx.pathParam("agency");
        Policy current = policy.get();
        String declared = Optional.ofNullable(ctx.queryParam("purpose"))
                .filter(p -> FeedFilter.PURPOSE.matcher(p).matches()).orElse(null);
        Optional<FeedAccess.Refusal> refusal = FeedAccess.checkAgency(who, agency);
        if (refusal.isEmpty()) {
            FeedFilter filter = FeedFilter.parse(ctx.queryParamMap());
            refusal = FeedAccess.checkPurpose(who, filter.purpose(), current);
            if (refusal.isEmpty()) {
                return Optional.of(new Grant(who, agency, filter, current));
            }
        }
        metrics.accessDenied.increment();
        audit.accessDenied(who, agency, declared, current.version(), refusal.get().reasonCode(), method);
        LOG.info("refused {} ({}) access to the {} feed: {}", who.subject(), who.agency(), agency, refusal.get().reasonCode());
        error(ctx, 403, refusal.get().message(), null);
        return Optional.empty();
    }

    /** A client certificate wins over a token: it was proven in the handshake. */
    private Authentication authenticate(Context ctx) {
        Object certificates = ctx.req().getAttribute(CLIENT_CERTIFICATE_ATTRIBUTE);
        if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
            return ClientCertificates.authenticate(chain);
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.verify(authorization.substring(7).trim());
        }
        return new Authentication.Unauthenticated("present a client certificate or an Authorization: Bearer token");
    }

    private void auditSubscription(Grant grant, String method) {
        audit.subscribed(grant.who(), grant.agency(), grant.filter().purpose(), grant.policy().version(), method);
        metrics.subscriptions.increment();
    }

    /** The resume position: the standard header, or {@code lastEventId} for clients that cannot set headers. */
    private static Optional<String> lastEventId(Context ctx) {
        String header = ctx.header(LAST_EVENT_ID);
        if (header != null && !header.isBlank()) {
            return Optional.of(header);
        }
        return FeedFilter.single(ctx.queryParamMap(), "lastEventId");
    }

    private static FeedCursor cursor(String parameter, String text, int partitions) {
        try {
            return FeedCursor.parse(text, partitions);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(parameter, parameter + " '" + text + "' is not a feed position: " + e.getMessage());
        }
    }

    private int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= config.maxPageSize()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter("limit", "limit must be a whole number from 1 to " + config.maxPageSize() + ", was '" + text + "'");
    }

    static void error(Context ctx, int status, String message, String parameter) {
        Map<String, Object> body = new HashMap<>();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        ctx.status(status).contentType("application/json").result(InboxEvents.write(body));
    }
}
