package io.liaison.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterAvailabilityTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final ClusterAvailability availability = new ClusterAvailability("cpd", DELIVERY);

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aBatchThatExpiredAfterTheDeliveryTimeoutMakesTheClusterUnavailableAtOnce() {
        availability.unreachable(at(0), at(30));

        assertThat(availability.state()).isEqualTo(new ClusterAvailability.State.Unavailable(at(0)));
    }

    @Test
    void failuresSpanningLessThanTheDeliveryTimeoutLeaveItFailing() {
        availability.unreachable(at(0), at(5));
        availability.unreachable(at(5), at(10));

        assertThat(availability.state()).isEqualTo(new ClusterAvailability.State.Failing(at(0)));
    }

    @Test
    void shortMetadataWaitsThatTogetherSpanTheDeliveryTimeoutMakeItUnavailable() {
        for (int sent = 0; sent < 30; sent += 5) {
            availability.unreachable(at(sent), at(sent + 5));
        }

        assertThat(availability.state()).isEqualTo(new ClusterAvailability.State.Unavailable(at(0)));
    }

    @Test
    void anAcknowledgementEndsAnOutage() {
        availability.unreachable(at(0), at(30));
        availability.reached(at(31));

        assertThat(availability.state()).isEqualTo(new ClusterAvailability.State.Reachable());
    }

    @Test
    void aRecordSentBeforeTheLastAcknowledgementDoesNotCount() {
        // partition 1's leader is gone while partition 0 is written: the cluster is there
        availability.reached(at(10));
        availability.unreachable(at(9), at(39));

        assertThat(availability.state()).isEqualTo(new ClusterAvailability.State.Reachable());
    }

    @Test
    void aRecordSentAfterTheLastAcknowledgementCountsFromItsSendTime() {
        availability.reached(at(10));
        availability.unreachable(at(11), at(41));

        assertThat(availability.state()).isEqualTo(new ClusterAvailability.State.Unavailable(at(11)));
    }

    @Test
    void theRefusalSaysSinceWhenAndThatNothingWasSent() {
        PublishException refusal = availability.refusal(at(0));

        assertThat(refusal.kind()).isEqualTo(PublishException.Kind.CLUSTER_UNAVAILABLE);
        assertThat(refusal.retryable()).isTrue();
        assertThat(refusal.getMessage())
                .isEqualTo("the Kafka cluster has taken no record since 2026-11-25T10:00:00Z, longer than the"
                        + " delivery timeout (30 s); the message was not sent");
    }
}
