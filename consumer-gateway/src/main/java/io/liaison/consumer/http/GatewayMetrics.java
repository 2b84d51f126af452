package io.liaison.consumer.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The gateway's counters, which the request handlers bump, exported as meters of the process's
 * registry (Prometheus at {@code /metrics}); its Kafka clients' meters go to the same registry.
 */
final class GatewayMetrics {
    static final String PREFIX = "liaison.gateway.";

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
    private final MeterRegistry registry;

    /** @param tails how many agency inboxes are tailed live now */
    GatewayMetrics(MeterRegistry registry, IntSupplier tails) {
        this.registry = registry;
        for (QuotaLedger.Quota quota : QuotaLedger.Quota.values()) {
            quotaRefused.put(quota, new LongAdder());
        }
        for (String reason :
                List.of(FeedClosure.CREDENTIAL_REVOKED, FeedClosure.PURPOSE_WITHDRAWN, FeedClosure.NOT_READY)) {
            feedsClosed.put(reason, new LongAdder());
        }
        Gauge.builder(PREFIX + "feed.clients", feedClients, AtomicInteger::get)
                .description("SSE clients connected now")
                .register(registry);
        Gauge.builder(PREFIX + "inbox.tails", tails, IntSupplier::getAsInt)
                .description("agency inboxes tailed live")
                .register(registry);
        counter("subscriptions", subscriptions, "feed and catch-up requests granted (audited SUBSCRIBED)");
        counter("access.denied", accessDenied, "requests refused with 403 (audited ACCESS_DENIED)");
        counter("unauthenticated", unauthenticated, "requests refused with 401");
        counter("bad.requests", badRequests, "requests refused with 400");
        counter("events.sent", messagesSent, "feed events written to clients", "event", "message");
        counter("events.sent", refusedSent, "feed events written to clients", "event", "refused");
        counter("clients.dropped", clientsDropped, "SSE clients dropped for falling behind");
        counter(
                "clients.rejected",
                clientsRejectedAtCapacity,
                "SSE clients refused because maxFeedClients were connected");
        counter("copies.verified", copiesVerified, "inbox copies that verified (live tails)");
        counter("copies.refused", copiesRefused, "inbox copies refused by verification (live tails)");
        counter("catch.up.records", catchUpRecords, "records read from Kafka to catch clients up");
        counter("not.ready", notReady, "requests refused with 503 while trust and policy were not current");
        quotaRefused.forEach((quota, n) -> counter(
                "quota.refused", n, "requests refused with 429, by the quota's configuration key", "quota", quota.key));
        feedsClosed.forEach((reason, n) ->
                counter("feeds.closed", n, "granted feeds the gateway closed, by reason", "reason", reason));
    }

    private void counter(String name, LongAdder value, String help, String... tags) {
        FunctionCounter.builder(PREFIX + name, value, LongAdder::sum)
                .description(help)
                .tags(tags)
                .register(registry);
    }

    /** Binds a Kafka client's meters (lag, fetch and send rates) until the returned binder is closed. */
    KafkaClientMetrics bindClient(Consumer<?, ?> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }

    /** Binds a Kafka producer's meters until the returned binder is closed. */
    KafkaClientMetrics bindClient(Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
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
