package io.liaison.consumer.http;

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

    String render(IntSupplier tails) {
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "liaison_gateway_feed_clients", "SSE clients connected now", feedClients.get());
        gauge(out, "liaison_gateway_inbox_tails", "agency inboxes tailed live", tails.getAsInt());
        counter(out, "liaison_gateway_subscriptions_total", "feed and catch-up requests granted (audited SUBSCRIBED)", subscriptions.sum());
        counter(out, "liaison_gateway_access_denied_total", "requests refused with 403 (audited ACCESS_DENIED)", accessDenied.sum());
        counter(out, "liaison_gateway_unauthenticated_total", "requests refused with 401", unauthenticated.sum());
        counter(out, "liaison_gateway_bad_requests_total", "requests refused with 400", badRequests.sum());
        out.append("# HELP liaison_gateway_events_sent_total feed events written to clients\n")
                .append("# TYPE liaison_gateway_events_sent_total counter\n")
                .append("liaison_gateway_events_sent_total{event=\"message\"} ").append(messagesSent.sum()).append('\n')
                .append("liaison_gateway_events_sent_total{event=\"refused\"} ").append(refusedSent.sum()).append('\n');
        counter(out, "liaison_gateway_clients_dropped_total", "SSE clients dropped for falling behind", clientsDropped.sum());
        counter(out, "liaison_gateway_clients_rejected_total", "SSE clients refused because maxFeedClients were connected", clientsRejectedAtCapacity.sum());
        counter(out, "liaison_gateway_copies_verified_total", "inbox copies that verified (live tails)", copiesVerified.sum());
        counter(out, "liaison_gateway_copies_refused_total", "inbox copies refused by verification (live tails)", copiesRefused.sum());
        counter(out, "liaison_gateway_catch_up_records_total", "records read from Kafka to catch clients up", catchUpRecords.sum());
        return out.toString();
    }

    void sent(InboxEvent event) {
        (event instanceof InboxEvent.Message ? messagesSent : refusedSent).increment();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "gauge", value);
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "counter", value);
    }

    private static void metric(StringBuilder out, String name, String help, String type, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
    }
}
