package io.liaison.consumer.http;

import static io.liaison.web.metrics.PrometheusText.Type.COUNTER;
import static io.liaison.web.metrics.PrometheusText.Type.GAUGE;

import io.liaison.web.metrics.PrometheusText;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The gateway's counters, rendered in the Prometheus text exposition format (version 0.0.4). */
final class GatewayMetrics {
    final AtomicInteger feedClients = new AtomicInteger();
    final LongAdder subscriptions = new LongAdder();
    final LongAdder accessDenied = new LongAdder();
    final LongAdder unauthenticated = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder refusedSent = new LongAdder();
    final LongAdder clientsDropped = new LongAdder();
    final LongAdder clientsRejectedAtCapacity = new LongAdder();
    final LongAdder copiesVerified = new LongAdder();
    final LongAdder copiesRefused = new LongAdder();
    final LongAdder catchUpRecords = new LongAdder();
    final LongAdder notReady = new LongAdder();
    private final Map<QuotaLedger.Quota, LongAdder> quotaRefused = new EnumMap<>(QuotaLedger.Quota.class);
    private final Map<String, LongAdder> feedsClosed = new LinkedHashMap<>();

    GatewayMetrics() {
        for (QuotaLedger.Quota quota : QuotaLedger.Quota.values()) {
            quotaRefused.put(quota, new LongAdder());
        }
        for (String reason :
                List.of(FeedClosure.CREDENTIAL_REVOKED, FeedClosure.PURPOSE_WITHDRAWN, FeedClosure.NOT_READY)) {
            feedsClosed.put(reason, new LongAdder());
        }
    }

    String render(IntSupplier tails) {
        String sent = "liaison_gateway_events_sent_total";
        String quotas = "liaison_gateway_quota_refused_total";
        String closed = "liaison_gateway_feeds_closed_total";
        PrometheusText text = new PrometheusText()
                .single("liaison_gateway_feed_clients", GAUGE, "SSE clients connected now", feedClients.get())
                .single("liaison_gateway_inbox_tails", GAUGE, "agency inboxes tailed live", tails.getAsInt())
                .single(
                        "liaison_gateway_subscriptions_total",
                        COUNTER,
                        "feed and catch-up requests granted (audited SUBSCRIBED)",
                        subscriptions.sum())
                .single(
                        "liaison_gateway_access_denied_total",
                        COUNTER,
                        "requests refused with 403 (audited ACCESS_DENIED)",
                        accessDenied.sum())
                .single(
                        "liaison_gateway_unauthenticated_total",
                        COUNTER,
                        "requests refused with 401",
                        unauthenticated.sum())
                .single("liaison_gateway_bad_requests_total", COUNTER, "requests refused with 400", badRequests.sum())
                .family(sent, COUNTER, "feed events written to clients")
                .sample(sent, messagesSent.sum(), "event", "message")
                .sample(sent, refusedSent.sum(), "event", "refused")
                .single(
                        "liaison_gateway_clients_dropped_total",
                        COUNTER,
                        "SSE clients dropped for falling behind",
                        clientsDropped.sum())
                .single(
                        "liaison_gateway_clients_rejected_total",
                        COUNTER,
                        "SSE clients refused because maxFeedClients were connected",
                        clientsRejectedAtCapacity.sum())
                .single(
                        "liaison_gateway_copies_verified_total",
                        COUNTER,
                        "inbox copies that verified (live tails)",
                        copiesVerified.sum())
                .single(
                        "liaison_gateway_copies_refused_total",
                        COUNTER,
                        "inbox copies refused by verification (live tails)",
                        copiesRefused.sum())
                .single(
                        "liaison_gateway_catch_up_records_total",
                        COUNTER,
                        "records read from Kafka to catch clients up",
                        catchUpRecords.sum())
                .single(
                        "liaison_gateway_not_ready_total",
                        COUNTER,
                        "requests refused with 503 while trust and policy were not current",
                        notReady.sum())
                .family(quotas, COUNTER, "requests refused with 429, by the quota's configuration key");
        quotaRefused.forEach((quota, n) -> text.sample(quotas, n.sum(), "quota", quota.key));
        text.family(closed, COUNTER, "granted feeds the gateway closed, by reason");
        feedsClosed.forEach((reason, n) -> text.sample(closed, n.sum(), "reason", reason));
        return text.text();
    }

    void quotaRefused(QuotaLedger.Quota quota) {
        quotaRefused.get(quota).increment();
    }

    void feedClosed(String reason) {
        feedsClosed.get(reason).increment();
    }

    void sent(InboxEvent event) {
        (event instanceof InboxEvent.Message ? messagesSent : refusedSent).increment();
    }
}
