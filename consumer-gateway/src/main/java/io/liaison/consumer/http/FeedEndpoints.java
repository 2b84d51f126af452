package io.liaison.consumer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.javalin.http.Context;
import io.liaison.consumer.CopyVerifier;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.Readiness;
import io.liaison.policy.Policy;
import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.CallerIdentity;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed and catch-up endpoints. Every request goes the same way: nothing while trust and policy
 * are not current (503), authenticate against the live trust store (401), the subject's request
 * rate (429), the analyst's own agency only (403, audited), parameters (400 naming the parameter),
 * the declared purpose against the policy in force (403, audited), for a feed the subject's and
 * the agency's open feeds (429), then a SUBSCRIBED audit record, and only then content.
 *
 * <p>A granted feed is checked again whenever the control plane applies a change: a credential
 * revoked or a purpose withdrawn since closes it with a final {@code closed} event (audited
 * ACCESS_DENIED with that reason), and so does a control plane that is no longer current, at the
 * next heartbeat.
 */
final class FeedEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(FeedEndpoints.class);
    static final String CLIENT_CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private final ConsumerGatewayConfig config;
    private final ControlPlane controlPlane;
    private final GatewayAuthenticator authenticator;
    private final QuotaLedger quotas;
    private final InboxReader reader;
    private final InboxTails tails;
    /** The one agency this gateway serves, whose decryption keys it holds. */
    private final CopyVerifier verifier;

    private final String servedAgency;
    private final AuditTrail audit;
    private final GatewayMetrics metrics;
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();
    private final Set<OpenFeed> openFeeds = ConcurrentHashMap.newKeySet();

    /** A feed being served, with what it was granted on. */
    private record OpenFeed(Authentication.Authenticated credential, String purpose, ClientBuffer buffer) {}

    FeedEndpoints(
            ConsumerGatewayConfig config,
            ControlPlane controlPlane,
            GatewayAuthenticator authenticator,
            QuotaLedger quotas,
            InboxReader reader,
            InboxTails tails,
            CopyVerifier verifier,
            AuditTrail audit,
            GatewayMetrics metrics) {
        this.config = config;
        this.controlPlane = controlPlane;
        this.authenticator = authenticator;
        this.quotas = quotas;
        this.reader = reader;
        this.tails = tails;
        this.verifier = verifier;
        this.servedAgency = verifier.agency();
        this.audit = audit;
        this.metrics = metrics;
    }

    /** {@code GET /v1/agencies/{agency}/feed}: the SSE live feed. */
    void feed(Context ctx) throws IOException {
        Optional<Grant> grant = admit(ctx, AuditTrail.METHOD_SSE);
        if (grant.isEmpty()) {
            return;
        }
        InboxTail tail = tails.get(grant.get().agency());
        Optional<FeedCursor> resume = lastEventId(ctx).map(id -> cursor(LAST_EVENT_ID, id, tail.partitions()));
        CallerIdentity who = grant.get().who();
        if (quotas.openFeed(who) instanceof QuotaLedger.Admission.Refused refused) {
            tooMany(ctx, refused);
            return;
        }
        try {
            serve(ctx, grant.get(), tail, resume);
        } finally {
            quotas.closeFeed(who);
        }
    }

    private void serve(Context ctx, Grant grant, InboxTail tail, Optional<FeedCursor> resume) throws IOException {
        String agency = grant.agency();
        if (metrics.feedClients.incrementAndGet() > config.maxFeedClients()) {
            metrics.feedClients.decrementAndGet();
            metrics.clientsRejectedAtCapacity.increment();
            error(
                    ctx,
                    503,
                    "the gateway serves " + config.maxFeedClients() + " feed clients already; retry later",
                    null);
            return;
        }
        FeedSubscription subscription =
                new FeedSubscription(grant.filter(), new ClientBuffer(config.clientBufferEvents()));
        OpenFeed open = new OpenFeed(grant.credential(), grant.filter().purpose(), subscription.buffer());
        try {
            auditSubscription(grant, AuditTrail.METHOD_SSE);
            openFeeds.add(open);
            recheck(open); // a change applied since admit() is caught here, every later one by recheckOpenFeeds
            tail.subscribe(subscription);
            // Positions are read after subscribing: see InboxTail for why that order loses nothing.
            FeedCursor cursor = resume.orElseGet(() -> FeedCursor.of(
                    grant.filter()
                            .since()
                            .map(since ->
                                    reader.offsetsAt(agency, tail.partitions(), since.minus(config.sinceLookback())))
                            .orElseGet(() -> reader.endOffsets(agency, tail.partitions())),
                    tail.partitions()));
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("text/event-stream");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            res.setHeader("Connection", "close"); // a dropped or finished stream ends the connection too
            streaming.add(Thread.currentThread());
            new FeedStream(
                            agency,
                            subscription,
                            reader,
                            verifier,
                            new SseWriter(res.getOutputStream()),
                            cursor,
                            config.heartbeatInterval().toMillis(),
                            () -> closeUnlessReady(open),
                            metrics,
                            copy -> auditView(grant, AuditTrail.METHOD_SSE, copy))
                    .run();
            subscription.buffer().closure().ifPresent(closure -> auditClosed(grant, closure));
        } catch (IOException e) {
            LOG.debug("feed client of {} went away: {}", agency, e.toString());
        } catch (AuditTrail.AuditUnavailable e) {
            // the copy was not sent; the stream ends rather than serve what the log does not record
            LOG.error("ending the feed of {} ({}): {}", grant.who().subject(), agency, e.getMessage());
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt(); // the gateway is closing
        } finally {
            streaming.remove(Thread.currentThread());
            openFeeds.remove(open);
            tail.unsubscribe(subscription);
            metrics.feedClients.decrementAndGet();
        }
    }

    /** Checks every open feed again: the control plane calls this after each change it applied. */
    void recheckOpenFeeds() {
        openFeeds.forEach(this::recheck);
    }

    /** Closes {@code feed} if its credential was revoked or its purpose withdrawn since it was granted. */
    private void recheck(OpenFeed feed) {
        Policy now = controlPlane.policy();
        authenticator
                .revoked(feed.credential())
                .map(reason -> new FeedClosure(FeedClosure.CREDENTIAL_REVOKED, reason, now.version()))
                .or(() -> FeedAccess.checkPurpose(feed.credential().identity(), feed.purpose(), now)
                        .map(refusal -> new FeedClosure(
                                FeedClosure.PURPOSE_WITHDRAWN,
                                "policy version " + now.version() + " withdrew the purpose: " + refusal.message(),
                                now.version())))
                .ifPresent(closure -> {
                    LOG.info(
                            "closing the {} feed of {} ({}): {}",
                            feed.purpose(),
                            feed.credential().identity().subject(),
                            feed.credential().identity().agency(),
                            closure.detail());
                    feed.buffer().close(closure);
                });
    }

    /** At each heartbeat: a feed is not served on trust and policy that are no longer current. */
    private void closeUnlessReady(OpenFeed feed) {
        if (controlPlane.readiness(config.controlPlaneMaxLag()) instanceof Readiness.NotReady notReady) {
            feed.buffer()
                    .close(new FeedClosure(
                            FeedClosure.NOT_READY,
                            notReady.reason(),
                            controlPlane.policy().version()));
        }
    }

    /** A revoked credential or a withdrawn purpose ends access: the log says so; the gateway merely pausing does not. */
    private void auditClosed(Grant grant, FeedClosure closure) {
        if (closure.reason().equals(FeedClosure.NOT_READY)) {
            return;
        }
        try {
            audit.accessDenied(
                    grant.who(),
                    grant.agency(),
                    grant.filter().purpose(),
                    closure.policyVersion(),
                    closure.reason(),
                    AuditTrail.METHOD_SSE);
        } catch (AuditTrail.AuditUnavailable e) {
            LOG.error(
                    "the feed of {} ({}) was closed ({}) but the audit record could not be written",
                    grant.who().subject(),
                    grant.agency(),
                    closure.reason(),
                    e);
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
        int limit =
                FeedFilter.single(ctx.queryParamMap(), "limit").map(this::limit).orElse(DEFAULT_PAGE_SIZE);
        Optional<String> from = FeedFilter.single(ctx.queryParamMap(), "from");
        FeedFilter filter = grant.get().filter();
        FeedCursor cursor;
        if (from.isEmpty()) {
            cursor = FeedCursor.of(reader.startOffsets(agency, partitions), partitions);
        } else if (from.get().contains("T")) { // an ISO instant; a position is digits and dots
            Instant at = FeedFilter.instant(ctx.queryParamMap(), "from").orElseThrow();
            cursor = FeedCursor.of(reader.offsetsAt(agency, partitions, at.minus(config.sinceLookback())), partitions);
            Instant since = filter.since().filter(s -> s.isAfter(at)).orElse(at);
            filter = new FeedFilter(
                    filter.purpose(),
                    filter.types(),
                    filter.caveats(),
                    Optional.of(since),
                    filter.until(),
                    filter.text());
        } else {
            cursor = cursor("from", from.get(), partitions);
        }
        auditSubscription(grant.get(), AuditTrail.METHOD_REST);
        FeedSubscription page = new FeedSubscription(filter, null);
        FeedCursor position = cursor;
        Map<Integer, Long> ends = reader.endOffsets(agency, partitions);
        ArrayNode events = InboxEvents.JSON.createArrayNode();
        List<InboxEvent.Message> served = new ArrayList<>();
        long[] scanned = new long[1];
        reader.readPage(agency, verifier, position, ends, event -> {
            scanned[0]++;
            if (page.wants(event)) {
                events.addObject()
                        .put("event", event.name())
                        .put("id", position.encode())
                        .putRawValue("data", new RawValue(event.json()));
                if (event instanceof InboxEvent.Message copy) {
                    served.add(copy);
                }
            }
            return events.size() < limit && scanned[0] < config.maxScanRecords();
        });
        // every copy on the page is audited before the page is sent; a failed write answers 503
        served.forEach(copy -> auditView(grant.get(), AuditTrail.METHOD_REST, copy));
        ObjectNode body = InboxEvents.JSON
                .createObjectNode()
                .put("agency", agency)
                .put("purpose", filter.purpose())
                .put("next", cursor.encode())
                .put("complete", cursor.reached(ends));
        body.set("events", events);
        ctx.status(200).contentType("application/json").result(InboxEvents.write(body));
    }

    /**
     * {@code GET /v1/agencies/{agency}/command?purpose=P}: the policy's unified command (roles, points of
     * contact, grants, escalation paths), for a caller admitted as for the feed. It holds no message content.
     */
    void command(Context ctx) {
        Optional<Grant> grant = admit(ctx, AuditTrail.METHOD_REST);
        if (grant.isEmpty()) {
            return;
        }
        ctx.status(200)
                .contentType("application/json")
                .result(InboxEvents.write(CommandView.json(grant.get().policy())));
    }

    /** Interrupts every feed still streaming, so a closing server does not wait for clients. */
    void interruptStreams() {
        streaming.forEach(Thread::interrupt);
    }

    private record Grant(
            CallerIdentity who,
            String agency,
            FeedFilter filter,
            Policy policy,
            Authentication.Authenticated credential) {}

    /** Runs the checks every request goes through; empty when a response (503, 401, 429, 403) was already written. */
    private Optional<Grant> admit(Context ctx, String method) {
        if (controlPlane.readiness(config.controlPlaneMaxLag()) instanceof Readiness.NotReady notReady) {
            metrics.notReady.increment();
            ctx.header("Retry-After", Long.toString(UNAVAILABLE_RETRY_AFTER_SECONDS));
            error(ctx, 503, "not ready: " + notReady.reason(), null);
            return Optional.empty();
        }
        Authentication authentication = authenticator.authenticate(
                ctx.req().getAttribute(CLIENT_CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain ? chain : null,
                ctx.header("Authorization"));
        if (authentication instanceof Authentication.Unauthenticated u) {
            metrics.unauthenticated.increment();
            ctx.header("WWW-Authenticate", "Bearer realm=\"liaison\"");
            error(ctx, 401, u.reason(), null);
            return Optional.empty();
        }
        Authentication.Authenticated credential = (Authentication.Authenticated) authentication;
        CallerIdentity who = credential.identity();
        if (quotas.request(who) instanceof QuotaLedger.Admission.Refused refused) {
            tooMany(ctx, refused);
            return Optional.empty();
        }
        String agency = ctx.pathParam("agency");
        Policy current = controlPlane.policy();
        String declared = Optional.ofNullable(ctx.queryParam("purpose"))
                .filter(p -> FeedFilter.PURPOSE.matcher(p).matches())
                .orElse(null);
        Optional<FeedAccess.Refusal> refusal =
                FeedAccess.checkAgency(who, agency).or(() -> FeedAccess.checkServed(who, servedAgency));
        if (refusal.isEmpty()) {
            FeedFilter filter = FeedFilter.parse(ctx.queryParamMap());
            refusal = FeedAccess.checkPurpose(who, filter.purpose(), current);
            if (refusal.isEmpty()) {
                return Optional.of(new Grant(who, agency, filter, current, credential));
            }
        }
        metrics.accessDenied.increment();
        audit.accessDenied(
                who, agency, declared, current.version(), refusal.get().reasonCode(), method);
        LOG.info(
                "refused {} ({}) access to the {} feed: {}",
                who.subject(),
                who.agency(),
                agency,
                refusal.get().reasonCode());
        error(ctx, 403, refusal.get().message(), null);
        return Optional.empty();
    }

    private void tooMany(Context ctx, QuotaLedger.Admission.Refused refused) {
        metrics.quotaRefused(refused.quota());
        ctx.header("Retry-After", Long.toString(refused.retryAfter().toSeconds()));
        ctx.status(429)
                .contentType("application/json")
                .result(InboxEvents.write(Map.of("error", refused.message(), "quota", refused.quota().key)));
    }

    private void auditView(Grant grant, String method, InboxEvent.Message copy) {
        audit.viewed(
                grant.who(),
                grant.agency(),
                grant.filter().purpose(),
                grant.policy().version(),
                method,
                copy);
    }

    private void auditSubscription(Grant grant, String method) {
        audit.subscribed(
                grant.who(),
                grant.agency(),
                grant.filter().purpose(),
                grant.policy().version(),
                method);
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
        throw new BadParameter(
                "limit", "limit must be a whole number from 1 to " + config.maxPageSize() + ", was '" + text + "'");
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
