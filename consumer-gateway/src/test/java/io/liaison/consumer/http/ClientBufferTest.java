package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientBufferTest {
    private static InboxEvent event(long offset) {
        return new InboxEvent.Refused(0, offset, "id-" + offset, "{}");
    }

    @Test
    void queuesUpToItsCapacityInOrder() throws InterruptedException {
        ClientBuffer buffer = new ClientBuffer(2);
        assertThat(buffer.offer(event(1))).isTrue();
        assertThat(buffer.offer(event(2))).isTrue();
        assertThat(buffer.poll(0).offset()).isEqualTo(1);
        assertThat(buffer.poll(0).offset()).isEqualTo(2);
        assertThat(buffer.poll(0)).isNull();
        assertThat(buffer.overflowed()).isFalse();
    }

    @Test
    void anOfferBeyondCapacityOverflowsWithoutWaitingAndRefusesLaterOffers() throws InterruptedException {
        ClientBuffer buffer = new ClientBuffer(1);
        buffer.offer(event(1));
        assertThat(buffer.offer(event(2))).isFalse();
        assertThat(buffer.overflowed()).isTrue();
        assertThat(buffer.offer(event(3))).isFalse();
        assertThat(buffer.poll(10_000))
                .as("an overflowed buffer answers at once")
                .isNull();
        assertThat(buffer.dropReason()).contains("more than 1 events behind");
    }

    @Test
    void resetClearsTheOverflowSoACatchingUpClientCanRetry() throws InterruptedException {
        ClientBuffer buffer = new ClientBuffer(1);
        buffer.offer(event(1));
        buffer.offer(event(2));
        buffer.reset();
        assertThat(buffer.overflowed()).isFalse();
        assertThat(buffer.offer(event(3))).isTrue();
        assertThat(buffer.poll(0).offset()).isEqualTo(3);
    }

    @Test
    void anAbortedBufferStaysOverflowedWithItsReason() {
        ClientBuffer buffer = new ClientBuffer(4);
        buffer.abort("tail stopped");
        buffer.reset();
        assertThat(buffer.overflowed()).isTrue();
        assertThat(buffer.dropReason()).isEqualTo("tail stopped");
    }

    @Test
    void aClosedBufferEndsForGoodWithTheFirstClosure() throws InterruptedException {
        ClientBuffer buffer = new ClientBuffer(4);
        buffer.offer(event(1));
        FeedClosure withdrawn = new FeedClosure(FeedClosure.PURPOSE_WITHDRAWN, "purpose withdrawn", "sha256:v2");

        buffer.close(withdrawn);
        buffer.close(new FeedClosure(FeedClosure.NOT_READY, "later", "sha256:v2"));
        buffer.reset();

        assertThat(buffer.ended()).isTrue();
        assertThat(buffer.overflowed()).isTrue();
        assertThat(buffer.poll(10_000))
                .as("nothing queued is served after the closure")
                .isNull();
        assertThat(buffer.closure()).contains(withdrawn);
        assertThat(buffer.offer(event(2))).isFalse();
    }
}
