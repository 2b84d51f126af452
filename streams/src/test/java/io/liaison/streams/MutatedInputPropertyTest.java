package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.liaison.cluster.topics.Topics;
import io.liaison.producer.MessageHeaders;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated envelope bytes, sealed to the backbone or not, never make the processor throw
 * out of the topology, and each input lands in exactly one place: quarantine (one record) or
 * dissemination (its audit records, and inbox copies only where the policy allows, each with
 * exactly one data key in its recipient's key topic), never both.
 *
 * <p>Try {@code i} draws its input from {@code new SplittableRandom(BASE_SEED + i)}; a failure names
 * that seed and the input.
 */
class MutatedInputPropertyTest {
    private static final long BASE_SEED = 0x1A15_0000_0005L;
    private static final int TRIES = 300;
    private static TestBackbone fixture;
    private static TopologyTestDriver driver;
    private static Envelope envelope;
    private static byte[] valid;
    private static byte[] validSealed;
    private static byte[] validKey;

    static LongStream inputSeeds() {
        return LongStream.range(0, TRIES).map(i -> BASE_SEED + i);
    }

    @BeforeAll
    static void start() {
        fixture = new TestBackbone(new InMemorySchemaRegistryClient());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "mutation-property");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                LiaisonTopology.build(
                        fixture.backbone(TestBackbone.onePartition("property")),
                        fixture.sealing(),
                        TestBackbone.onePartition("property"),
                        new BackboneMetrics()),
                props);
        envelope = fixture.sealer("cpd")
                .seal(
                        SamplePayloads.shotsFiredReport("P-1", Instant.now()),
                        MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE))
                .envelope();
        valid = fixture.codec.encode(Topics.ingress("cpd") + "-value", envelope);
        validSealed = sealed(valid);
        validKey = envelope.getMessageId().getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        driver.close();
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("inputSeeds")
    void anyInputEndsInExactlyOnePlace(long seed) {
        Input input = input(new SplittableRandom(seed));
        String what = "seed " + seed + ": " + input;
        TestInputTopic<byte[], byte[]> in =
                driver.createInputTopic(Topics.ingress("cpd"), new ByteArraySerializer(), new ByteArraySerializer());
        assertThatCode(() -> in.pipeInput(validKey, input.bytes())).as(what).doesNotThrowAnyException();

        int quarantined = drain(Topics.QUARANTINE).size();
        drain(Topics.QUARANTINE_KEYS);
        int audits = drain(Topics.AUDIT).size();
        int delivered = 0;
        for (String agency : TestBackbone.AGENCIES) {
            int copies = drain(Topics.inbox(agency)).size();
            assertThat(drain(Topics.keys(agency)))
                    .as("one data key per copy to %s; %s", agency, what)
                    .hasSize(copies);
            delivered += copies;
        }
        if (quarantined > 0) {
            assertThat(quarantined).as(what).isEqualTo(1);
            assertThat(audits)
                    .as("one audit record for the rejection; %s", what)
                    .isEqualTo(1);
            assertThat(delivered)
                    .as("a quarantined input is delivered nowhere; %s", what)
                    .isZero();
        } else {
            assertThat(audits)
                    .as("one audit record per recipient decision; %s", what)
                    .isEqualTo(TestBackbone.AGENCIES.size() - 1);
        }
    }

    private static List<byte[]> drain(String topic) {
        TestOutputTopic<byte[], byte[]> out =
                driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return out.readValuesToList();
    }

    /** An input and how it was made. */
    record Input(String kind, byte[] bytes) {
        @Override
        public String toString() {
            return kind + ", " + bytes.length + " bytes: " + HexFormat.of().formatHex(bytes);
        }
    }

    /** As a gateway (or an attacker with the backbone's public key) seals it. */
    private static byte[] sealed(byte[] envelopeBytes) {
        return fixture.sealForBackbone("cpd", envelope.getMessageId(), envelope.getMessageType(), envelopeBytes);
    }

    /**
     * One of five kinds, equally likely: random bytes (up to 2048; half of them up to 16, so the
     * empty and tiny inputs come up), the valid envelope with one byte flipped and then sealed, the
     * valid envelope truncated and then sealed, the sealed valid envelope with one byte flipped, or
     * the sealed valid envelope itself.
     */
    private static Input input(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextBoolean() ? random.nextInt(17) : random.nextInt(2049)];
                random.nextBytes(bytes);
                yield new Input("random", bytes);
            }
            case 1 -> {
                byte[] copy = valid.clone();
                int at = random.nextInt(copy.length);
                int mask = 1 + random.nextInt(255);
                copy[at] ^= (byte) mask;
                yield new Input("valid with byte " + at + " xor " + mask + ", sealed", sealed(copy));
            }
            case 2 -> {
                int length = random.nextInt(valid.length);
                yield new Input("valid truncated to " + length + ", sealed", sealed(Arrays.copyOf(valid, length)));
            }
            case 3 -> {
                byte[] copy = validSealed.clone();
                int at = random.nextInt(copy.length);
                int mask = 1 + random.nextInt(255);
                copy[at] ^= (byte) mask;
                yield new Input("sealed valid with byte " + at + " xor " + mask, copy);
            }
            default -> new Input("sealed valid", validSealed.clone());
        };
    }
}
