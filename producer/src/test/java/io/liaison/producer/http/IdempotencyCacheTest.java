package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.producer.PublishException;
import io.liaison.producer.Receipt;
import io.liaison.producer.SignedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {
    private final MutableClock clock = new MutableClock();
    private final IdempotencyCache cache = new IdempotencyCache(2, Duration.ofMinutes(10), clock);
    private final AtomicInteger signed = new AtomicInteger();
    private final List<SignedMessage> sent = new ArrayList<>();
    private final List<CompletableFuture<Receipt>> deliveries = new ArrayList<>();

    private CompletableFuture<SignedMessage> sign() {
        int n = signed.incrementAndGet();
        return CompletableFuture.completedFuture(
                new SignedMessage("id-" + n, "IncidentReport", new byte[] {(byte) n}, "d"));
    }

    private CompletableFuture<Receipt> send(SignedMessage message) {
        sent.add(message);
        CompletableFuture<Receipt> delivery = new CompletableFuture<>();
        deliveries.add(delivery);
        return delivery;
    }

    private IdempotencyCache.Attempt publish(String key, String fingerprint) {
        return cache.publish(key, fingerprint, this::sign, this::send);
    }

    @Test
    void aRepeatedKeyGetsTheFirstReceiptAndPublishesNothingNew() {
        IdempotencyCache.Attempt first = publish("k", "f");
        deliveries.get(0).complete(receipt("id-1"));

        IdempotencyCache.Attempt second = publish("k", "f");

        assertThat(second.replayed()).isTrue();
        assertThat(second.receipt()).isCompletedWithValue(first.receipt().join());
        assertThat(signed).hasValue(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aRepeatWhileTheFirstIsInFlightJoinsIt() {
        IdempotencyCache.Attempt first = publish("k", "f");
        IdempotencyCache.Attempt second = publish("k", "f");

        deliveries.get(0).complete(receipt("id-1"));

        assertThat(second.receipt()).isSameAs(first.receipt()).isCompleted();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aRetryAfterAFailedDeliveryResendsTheSameSignedBytes() {
        publish("k", "f");
        deliveries
                .get(0)
                .completeExceptionally(new PublishException(PublishException.Kind.BROKER_UNAVAILABLE, "timeout", null));

        IdempotencyCache.Attempt retry = publish("k", "f");
        deliveries.get(1).complete(receipt("id-1"));

        assertThat(retry.replayed()).isFalse();
        assertThat(retry.receipt()).isCompletedWithValue(receipt("id-1"));
        assertThat(signed).as("signed once").hasValue(1);
        assertThat(sent).hasSize(2).allSatisfy(m -> assertThat(m).isSameAs(sent.get(0)));
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefused() {
        publish("k", "f");

        assertThatThrownBy(() -> publish("k", "other"))
                .isInstanceOf(IdempotencyCache.KeyReusedException.class)
                .hasMessageContaining("Idempotency-Key k was already used for a different request");
    }

    @Test
    void aRequestThatFailedValidationIsNotRemembered() {
        PublishException invalid = new PublishException(PublishException.Kind.INVALID, "bad", null);

        assertThatThrownBy(() -> cache.publish(
                        "k",
                        "f",
                        () -> {
                            throw invalid;
                        },
                        this::send))
                .isSameAs(invalid);
        assertThat(cache.size()).isZero();
        assertThat(publish("k", "other").replayed()).as("the key is free again").isFalse();
    }

    @Test
    void keysAreForgottenAfterTheirTtlAndBeyondCapacity() {
        publish("a", "f");
        publish("b", "f");
        publish("c", "f");
        assertThat(cache.size()).as("capacity 2: the oldest went").isEqualTo(2);
        assertThat(publish("a", "other").replayed()).isFalse();

        clock.advance(Duration.ofMinutes(11));
        publish("d", "f");

        assertThat(cache.size()).isEqualTo(1);
    }

    private static Receipt receipt(String id) {
        return new Receipt(id, "ingress.cpd", 0, 7, "d");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-03-14T18:30:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
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
