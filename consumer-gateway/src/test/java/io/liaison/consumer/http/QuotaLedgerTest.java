package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.web.auth.CallerIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
    private static final CallerIdentity JDOE = analyst("cpd", "jdoe");
    private static final CallerIdentity ASMITH = analyst("cpd", "asmith");

    private final MovableClock clock = new MovableClock();
    private final QuotaLedger ledger = new QuotaLedger(new GatewayQuotas(2, 3, 6), clock);

    @Test
    void aSubjectOverItsFeedQuotaIsRefusedWhileAnotherOfTheSameAgencyIsAdmitted() {
        ledger.openFeed(JDOE);
        ledger.openFeed(JDOE);

        assertThat(ledger.openFeed(JDOE)).isInstanceOfSatisfying(QuotaLedger.Admission.Refused.class, refused -> {
            assertThat(refused.quota()).isEqualTo(QuotaLedger.Quota.FEEDS_PER_SUBJECT);
            assertThat(refused.message()).contains("jdoe of cpd has 2 feeds open", "quotas.feedsPerSubject");
            assertThat(refused.retryAfter()).isEqualTo(QuotaLedger.FEED_RETRY_AFTER);
        });
        assertThat(ledger.openFeed(ASMITH)).isInstanceOf(QuotaLedger.Admission.Admitted.class);
    }

    @Test
    void anAgencyOverItsFeedQuotaIsRefusedAndAClosedFeedFreesItsPlace() {
        ledger.openFeed(JDOE);
        ledger.openFeed(JDOE);
        ledger.openFeed(ASMITH);

        assertThat(ledger.openFeed(analyst("cpd", "third")))
                .isInstanceOfSatisfying(
                        QuotaLedger.Admission.Refused.class,
                        refused -> assertThat(refused.quota()).isEqualTo(QuotaLedger.Quota.FEEDS_PER_AGENCY));
        assertThat(ledger.openFeed(analyst("ice", "jdoe")))
                .as("another agency's jdoe is another subject")
                .isInstanceOf(QuotaLedger.Admission.Admitted.class);

        ledger.closeFeed(JDOE);
        assertThat(ledger.openFeed(analyst("cpd", "third"))).isInstanceOf(QuotaLedger.Admission.Admitted.class);
    }

    @Test
    void requestsBeyondTheRatePerMinuteWaitForTheBucketToRefill() {
        for (int i = 0; i < 6; i++) {
            assertThat(ledger.request(JDOE)).isInstanceOf(QuotaLedger.Admission.Admitted.class);
        }

        assertThat(ledger.request(JDOE)).isInstanceOfSatisfying(QuotaLedger.Admission.Refused.class, refused -> {
            assertThat(refused.quota()).isEqualTo(QuotaLedger.Quota.REQUESTS_PER_MINUTE_PER_SUBJECT);
            assertThat(refused.message()).contains("6 requests a minute", "quotas.requestsPerMinutePerSubject");
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        });
        assertThat(ledger.request(ASMITH)).isInstanceOf(QuotaLedger.Admission.Admitted.class);

        clock.advance(Duration.ofSeconds(10));
        assertThat(ledger.request(JDOE)).isInstanceOf(QuotaLedger.Admission.Admitted.class);
        assertThat(ledger.request(JDOE)).isInstanceOf(QuotaLedger.Admission.Refused.class);
    }

    private static CallerIdentity analyst(String agency, String subject) {
        return new CallerIdentity(agency, subject, CallerIdentity.Method.BEARER_TOKEN);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
