package io.liaison.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.IngressSealer;
import io.liaison.producer.Receipt;
import io.liaison.producer.SignedMessage;
import io.liaison.registry.AvroCodec;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One message in a hundred is poison (unreadable bytes, a re-labelled header, an altered payload,
 * a byte-for-byte replay) in a stream of otherwise good ones. Each poison record lands in the
 * quarantine with its reason; every good one is delivered exactly once. The throughput of a clean
 * run and of the mixed run are measured in the same JVM and reported, not asserted: timing
 * targets belong in benchmarks.
 */
@ExtendWith(SharedStack.class)
class PoisonInputIT {
    private static final int POISON_EVERY = 100;

    /** The kinds of bad input, in turn, and the quarantine reason each must get. */
    enum Poison {
        UNREADABLE_BYTES("MALFORMED_ENVELOPE"),
        UNSEALED_BYTES("NOT_SEALED"),
        RELABELLED_HEADER("SIGNATURE_INVALID"),
        ALTERED_PAYLOAD("COMMITMENT_MISMATCH"),
        REPLAYED_MESSAGE("REPLAY");

        final String reason;

        Poison(String reason) {
            this.reason = reason;
        }
    }

    /** One record of a run, signed before the clock starts. */
    private sealed interface Input permits Good, Bad {}

    private record Good(Template template, SignedMessage signed) implements Input {}

    /** Poison made from a message signed for it (never sent as is). */
    private record Bad(Poison kind, Envelope base) implements Input {}

    /** Where a record landed on ingress. */
    private record Source(String topic, int partition, long offset) {}

    private record Run(int messages, int poison, long nanos) {
        double perSecond() {
            return messages / (nanos / 1e9);
        }
    }

    @Test
    void onePercentPoisonIsQuarantinedWithItsReasonAndEveryGoodMessageIsDelivered(ReliabilityStack stack) {
        int messages = FaultLoad.messages(5_000, 50_000);
        Map<String, AgencyGateway> gateways = new HashMap<>();
        ReliabilityStack.PUBLISHERS.forEach(a -> gateways.put(a, stack.gateway(a, Duration.ofSeconds(30))));
        AvroCodec codec = stack.codec();
        // Poison is written with cpd's own login: what a compromised or misconfigured cpd system could do.
        Map<String, Object> cpd = new HashMap<>(stack.clientProperties("cpd"));
        cpd.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(cpd, new StringSerializer(), new ByteArraySerializer())) {
            run(stack, gateways, codec, raw, messages / 5, 0); // warm-up: JIT, caches and RocksDB, not reported
            Run clean = run(stack, gateways, codec, raw, messages, 0);
            Run mixed = run(stack, gateways, codec, raw, messages, POISON_EVERY);
            FaultReport.record(
                    "Poison and bad input",
                    String.format(
                            Locale.ROOT,
                            "clean run %d messages in %s = %.0f msg/s; mixed run %d messages (%d poison, every one quarantined"
                                    + " with its reason, every good one delivered exactly once) in %s = %.0f msg/s;"
                                    + " mixed/clean throughput = %.2f",
                            clean.messages(),
                            FaultReport.seconds(clean.nanos()),
                            clean.perSecond(),
                            mixed.messages(),
                            mixed.poison(),
                            FaultReport.seconds(mixed.nanos()),
                            mixed.perSecond(),
                            mixed.perSecond() / clean.perSecond()));
        }
    }

    /** Publishes {@code messages} (every {@code poisonEvery}-th one poison, 0 for none) and checks every outcome. */
    private Run run(
            ReliabilityStack stack,
            Map<String, AgencyGateway> gateways,
            AvroCodec codec,
            KafkaProducer<String, byte[]> raw,
            int messages,
            int poisonEvery) {
        Map<Template, Map<String, Optional<Map<String, String>>>> expected = Template.expectedFanOut(stack.policy());
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Everything is signed up front, so the timed part is the pipeline, not the signing.
        List<Input> inputs = new ArrayList<>(messages);
        Set<String> poisonIds = new HashSet<>();
        for (int i = 0; i < messages; i++) {
            boolean poison = poisonEvery > 0 && i % poisonEvery == poisonEvery - 1;
            Template t = poison ? Template.CPD_INCIDENT : Template.nth(i);
            if (poison) {
                Envelope base = gateways.get(t.sender())
                        .seal(t.payload(run + "-" + i), t.headers())
                        .envelope();
                inputs.add(new Bad(Poison.values()[(i / poisonEvery) % Poison.values().length], base));
                poisonIds.add(base.getMessageId());
            } else {
                inputs.add(new Good(
                        t,
                        gateways.get(t.sender())
                                .sign(t.payload(run + "-" + i), t.headers())
                                .join()));
            }
        }

        Ledger ledger = new Ledger();
        Map<Source, String> expectedReasons = new HashMap<>();
        Map<Poison, Integer> poisonByKind = new EnumMap<>(Poison.class);
        IngressSealer ingress = new IngressSealer(stack.trust(), Clock.systemUTC());
        try (OutputLog log = OutputLog.fromNow(stack)) {
            long started = System.nanoTime();
            Semaphore window = new Semaphore(512);
            List<CompletableFuture<Receipt>> receipts = new ArrayList<>(Collections.nCopies(messages, null));
            Map<Future<RecordMetadata>, Poison> poisonSent = new HashMap<>();
            for (int i = 0; i < messages; i++) {
                if (inputs.get(i) instanceof Good good) {
                    window.acquireUninterruptibly();
                    receipts.set(
                            i,
                            gateways.get(good.template().sender())
                                    .send(good.signed())
                                    .whenComplete((r, e) -> {
                                        if (e == null) {
                                            ledger.accepted(r, good.template());
                                        } else {
                                            ledger.failed(e);
                                        }
                                        window.release();
                                    }));
                } else {
                    Bad bad = (Bad) inputs.get(i);
                    poisonSent.put(raw.send(poisonRecord(bad, codec, ingress, inputs, receipts, i)), bad.kind());
                    poisonByKind.merge(bad.kind(), 1, Integer::sum);
                }
            }
            poisonSent.forEach((sent, kind) -> {
                RecordMetadata m = join(sent);
                expectedReasons.put(new Source(m.topic(), m.partition(), m.offset()), kind.reason);
            });
            CompletableFuture.allOf(receipts.stream().filter(Objects::nonNull).toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null)
                    .join();

            await().atMost(Duration.ofMinutes(FaultLoad.heavy() ? 10 : 3))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> {
                        Tally t = log.readAndCount(Duration.ofMillis(500), ledger, expected);
                        assertThat(t.complete() && quarantinedSources(log).containsAll(expectedReasons.keySet()))
                                .as(
                                        "not complete yet: %s; poison quarantined %d of %d",
                                        t.summary(), quarantinedSources(log).size(), expectedReasons.size())
                                .isTrue();
                    });
            long elapsed = System.nanoTime() - started;
            log.drain();
            Tally tally = log.count(ledger, expected);

            assertThat(ledger.unexpected()).isEmpty();
            assertThat(ledger.acceptedCount()).isEqualTo(messages - expectedReasons.size());
            assertThat(tally.exact()).as(tally.summary()).isTrue();
            Map<Source, String> reasons = new HashMap<>();
            log.quarantined().forEach(q -> {
                assertThat(q.reason()).as("a reason a person can read").isNotBlank();
                String previous =
                        reasons.put(new Source(q.sourceTopic(), q.sourcePartition(), q.sourceOffset()), q.reasonCode());
                assertThat(previous).as("quarantined once").isNull();
            });
            assertThat(reasons).as("exactly the poison, each with its reason").isEqualTo(expectedReasons);
            assertThat(poisonIds).as("no copy of a forged message").noneMatch(log.copies()::containsKey);
            if (poisonEvery > 0) {
                assertThat(poisonByKind.keySet()).containsExactlyInAnyOrder(Poison.values());
            }
            return new Run(messages, expectedReasons.size(), elapsed);
        }
    }

    /**
     * The record that carries one kind of poison; a replay waits until its original is acknowledged.
     * Poison other than plain bytes is sealed to the backbone as a gateway seals: its key is public.
     */
    private static ProducerRecord<String, byte[]> poisonRecord(
            Bad bad,
            AvroCodec codec,
            IngressSealer ingress,
            List<Input> inputs,
            List<CompletableFuture<Receipt>> receipts,
            int index) {
        String sender = Template.CPD_INCIDENT.sender();
        String topic = Topics.ingress(sender);
        switch (bad.kind()) {
            case UNREADABLE_BYTES: {
                String key = UUID.randomUUID().toString();
                return new ProducerRecord<>(
                        topic,
                        key,
                        ingress.seal(
                                sender,
                                key,
                                "IncidentReport",
                                ("incident #" + index + ": shots fired").getBytes(StandardCharsets.UTF_8)));
            }
            case UNSEALED_BYTES:
                return new ProducerRecord<>(
                        topic,
                        UUID.randomUUID().toString(),
                        ("incident #" + index + ": shots fired").getBytes(StandardCharsets.UTF_8));
            case RELABELLED_HEADER: {
                Envelope e = bad.base();
                e.setClassification(Classification.UNCLASSIFIED); // after signing
                return new ProducerRecord<>(
                        topic,
                        e.getMessageId(),
                        ingress.seal(sender, e.getMessageId(), e.getMessageType(), codec.encode(topic + "-value", e)));
            }
            case ALTERED_PAYLOAD: {
                Envelope e = bad.base();
                byte[] payload = FieldCommitments.bytes(e.getPayload());
                payload[indexOf(payload, "Daniel".getBytes(StandardCharsets.UTF_8))] = 'X';
                e.setPayload(ByteBuffer.wrap(payload));
                return new ProducerRecord<>(
                        topic,
                        e.getMessageId(),
                        ingress.seal(sender, e.getMessageId(), e.getMessageType(), codec.encode(topic + "-value", e)));
            }
            case REPLAYED_MESSAGE: {
                // cpd's latest good message, byte for byte (cpd may write only its own topic), once acknowledged
                int original = index - 1;
                while (!(inputs.get(original) instanceof Good g
                        && g.template().sender().equals(Template.CPD_INCIDENT.sender()))) {
                    original--;
                }
                Good good = (Good) inputs.get(original);
                Receipt first = receipts.get(original).join();
                return new ProducerRecord<>(
                        first.topic(), good.signed().messageId(), good.signed().envelopeBytes());
            }
            default:
                throw new AssertionError(bad.kind());
        }
    }

    private static Set<Source> quarantinedSources(OutputLog log) {
        Set<Source> out = new HashSet<>();
        log.quarantined().forEach(q -> out.add(new Source(q.sourceTopic(), q.sourcePartition(), q.sourceOffset())));
        return out;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("a poison record was not acknowledged: " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
