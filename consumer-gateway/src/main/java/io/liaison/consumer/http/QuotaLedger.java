package io.liaison.consumer.http;

import io.liaison.web.auth.CallerIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds how much of the gateway now: open feeds per subject and per agency, and a token bucket
 * of requests per subject. Subjects are counted within their agency ({@code cpd/jdoe} is not
 * {@code ice/jdoe}).
 */
final class QuotaLedger {
    /** Feeds end when clients leave, so no exact time can be promised: a pause long enough to close one. */
    static final Duration FEED_RETRY_AFTER = Duration.ofSeconds(10);
    /** Idle subjects' buckets (full again) are forgotten once this many subjects were seen. */
    private static final int SWEEP_ABOVE = 10_000;

    /** The quota that refused, by its configuration key. */
    enum Quota {
        FEEDS_PER_SUBJECT("quotas.feedsPerSubject"),
        FEEDS_PER_AGENCY("quotas.feedsPerAgency"),
        REQUESTS_PER_MINUTE_PER_SUBJECT("quotas.requestsPerMinutePerSubject");

        final String key;

        Quota(String key) {
            this.key = key;
        }
    }

    /** The answer to one claim on the gateway. */
    sealed interface Admission {
        record Admitted() implements Admission {}

        /** @param message one sentence for the client, naming the quota and its limit */
        record Refused(Quota quota, String message, Duration retryAfter) implements Admission {}
    }

    private final GatewayQuotas quotas;
    private final Clock clock;
    private final Map<String, Integer> feedsBySubject = new HashMap<>();
    private final Map<String, Integer> feedsByAgency = new HashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    QuotaLedger(GatewayQuotas quotas, Clock clock) {
        this.quotas = quotas;
        this.clock = clock;
    }

    /** Claims one feed for {@code who}; when admitted, {@link #closeFeed} must follow. */
    synchronized Admission openFeed(CallerIdentity who) {
        String subject = subjectKey(who);
        int ofSubject = feedsBySubject.getOrDefault(subject, 0);
        if (ofSubject >= quotas.feedsPerSubject()) {
            return new Admission.Refused(
                    Quota.FEEDS_PER_SUBJECT,
                    who.subject() + " of " + who.agency() + " has " + ofSubject + " feeds open, the most "
                            + Quota.FEEDS_PER_SUBJECT.key + " allows; close one first",
                    FEED_RETRY_AFTER);
        }
        int ofAgency = feedsByAgency.getOrDefault(who.agency(), 0);
        if (ofAgency >= quotas.feedsPerAgency()) {
            return new Admission.Refused(
                    Quota.FEEDS_PER_AGENCY,
                    who.agency() + " has " + ofAgency + " feeds open, the most " + Quota.FEEDS_PER_AGENCY.key
                            + " allows",
                    FEED_RETRY_AFTER);
        }
        feedsBySubject.put(subject, ofSubject + 1);
        feedsByAgency.put(who.agency(), ofAgency + 1);
        return new Admission.Admitted();
    }

    synchronized void closeFeed(CallerIdentity who) {
        feedsBySubject.computeIfPresent(subjectKey(who), (k, n) -> n > 1 ? n - 1 : null);
        feedsByAgency.computeIfPresent(who.agency(), (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Takes one request from {@code who}'s bucket. */
    Admission request(CallerIdentity who) {
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.fullAt(now));
        }
        return buckets.computeIfAbsent(subjectKey(who), k -> new Bucket(quotas.requestsPerMinutePerSubject(), now))
                .take(now, who);
    }

    private static String subjectKey(CallerIdentity who) {
        return who.agency() + "/" + who.subject();
    }

    /** A token bucket holding up to {@code perMinute} requests, refilled at {@code perMinute} a minute. */
    private static final class Bucket {
        private final int capacity;
        private final double perMilli;
        private double tokens;
        private long updated;

        Bucket(int perMinute, long now) {
            this.capacity = perMinute;
            this.perMilli = perMinute / 60_000.0;
            this.tokens = perMinute;
            this.updated = now;
        }

        synchronized Admission take(long now, CallerIdentity who) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return new Admission.Admitted();
            }
            long waitMillis = (long) Math.ceil((1 - tokens) / perMilli);
            return new Admission.Refused(
                    Quota.REQUESTS_PER_MINUTE_PER_SUBJECT,
                    who.subject() + " of " + who.agency()
                            + " made more than the " + capacity + " requests a minute "
                            + Quota.REQUESTS_PER_MINUTE_PER_SUBJECT.key
                            + " allows",
                    Duration.ofSeconds(Math.max(1, (waitMillis + 999) / 1000)));
        }

        synchronized boolean fullAt(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + Math.max(0, now - updated) * perMilli);
            updated = now;
        }
    }
}
