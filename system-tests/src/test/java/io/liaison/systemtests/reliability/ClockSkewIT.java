package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.Receipt;
import io.liaison.registry.AvroCodec;
import io.liaison.streams.BackboneSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway whose clock is off by more than the backbone's bound (5 minutes by default), ahead or
 * behind: its messages are quarantined with CLOCK_SKEW, not delivered; one off by less is delivered.
 */
@ExtendWith(SharedStack.class)
class ClockSkewIT {
    private static final Duration BOUND = BackboneSettings.DEFAULT_CLOCK_SKEW;

    @Test
    void messagesStampedBeyondTheSkewBoundAreQuarantinedWithClockSkewAndOthersDelivered(ReliabilityStack stack) {
        Map<Template, Map<String, Optional<Map<String, String>>>> expected = Template.expectedFanOut(stack.policy());
        Ledger withinBound = new Ledger();
        Template t = Template.CPD_INCIDENT;
        try (OutputLog log = OutputLog.fromNow(stack);
                AgencyGateway ahead = skewedGateway(stack, BOUND.plusMinutes(1));
                AgencyGateway behind = skewedGateway(stack, BOUND.plusMinutes(1).negated());
                AgencyGateway slightlyAhead = skewedGateway(stack, BOUND.minusMinutes(3))) {
            Receipt fromTheFuture = ahead.publish(t.payload("skew-ahead"), t.headers());
            Receipt fromThePast = behind.publish(t.payload("skew-behind"), t.headers());
            withinBound.accepted(slightlyAhead.publish(t.payload("skew-within"), t.headers()), t);

            Tally tally = log.awaitComplete(withinBound, expected, Duration.ofMinutes(2));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                log.poll();
                return log.quarantined().size() >= 2;
            });
            log.drain();

            assertThat(tally.exact())
                    .as("a skew within the bound is accepted: %s", tally.summary())
                    .isTrue();
            assertThat(log.quarantined())
                    .extracting(OutputLog.Quarantined::messageId)
                    .containsExactlyInAnyOrder(fromTheFuture.messageId(), fromThePast.messageId());
            assertThat(log.quarantined()).allSatisfy(q -> {
                assertThat(q.reasonCode()).isEqualTo("CLOCK_SKEW");
                assertThat(q.reason()).contains("the bound is " + BOUND);
            });
            assertThat(log.copies()).doesNotContainKeys(fromTheFuture.messageId(), fromThePast.messageId());
            assertThat(log.audit().get(fromTheFuture.messageId()))
                    .extracting(OutputLog.Decision::decision)
                    .containsExactly("QUARANTINED");
            assertThat(log.audit().get(fromThePast.messageId()))
                    .extracting(OutputLog.Decision::decision)
                    .containsExactly("QUARANTINED");
            FaultReport.record(
                    "Clock skew",
                    "gateway clock +" + BOUND.plusMinutes(1) + " and -" + BOUND.plusMinutes(1)
                            + ": both quarantined CLOCK_SKEW ("
                            + log.quarantined().get(0).reason() + "); +"
                            + BOUND.minusMinutes(3) + ": " + tally.summary());
        }
    }

    /** A real gateway, publishing through its own idempotent producer, whose clock is {@code offset} off. */
    private static AgencyGateway skewedGateway(ReliabilityStack stack, Duration offset) {
        AgencyGatewayConfig config = AgencyGatewayConfig.defaults("cpd", stack.bootstrapServers(), stack.registryUrl());
        Map<String, Object> p = new HashMap<>(stack.clientProperties("cpd"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        AvroCodec codec = stack.codec();
        // only the envelope's clock is off: the backbone key it seals to is chosen as a correct gateway would
        return new AgencyGateway(
                config,
                stack.identity("cpd"),
                new IngressSealer(stack.trust(), Clock.systemUTC()),
                codec,
                producer,
                Clock.offset(Clock.systemUTC(), offset));
    }
}
