package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.Topics;
import io.liaison.producer.MessageHeaders;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Random and mutated envelope bytes never make the processor throw out of the topology, and each
 * input lands in exactly one place: quarantine (one record) or dissemination (its audit records,
 * and inbox copies only where the policy allows), never both.
 */
class MutatedInputPropertyTest {
    private static TestBackbone fixture;
    private static TopologyTestDriver driver;
    private static byte[] valid;
    private static byte[] validKey;

    @BeforeContainer
    static void start() {
        fixture = new TestBackbone(new InMemorySchemaRegistryClient());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "mutation-property");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(LiaisonTopology.build(fixture.backbone(topic -> 1),
                BackboneSettings.defaults("property"), new BackboneMetrics()), props);
        Envelope e = fixture.sealer("cpd").seal(SamplePayloads.shotsFiredReport("P-1", Instant.now()),
                MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE)).envelope();
        valid = fixture.codec.encode(Topics.ingress("cpd") + "-value", e);
        validKey = e.getMessageId().getBytes(StandardCharsets.UTF_8);
    }

    @AfterContainer
    static void stop() {
        driver.close();
    }

    @Property(tries = 300)
    void anyInputEndsInExactlyOnePlace(@ForAll("inputs") byte[] input) {
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(Topics.ingress("cpd"), new ByteArraySerializer(), new ByteArraySerializer());
        in.pipeInput(validKey, input);

        int quarantined = drain(Topics.QUARANTINE).size();
        int audits = drain(Topics.AUDIT).size();
        int delivered = 0;
        for (String agency : TestBackbone.AGENCIES) {
            delivered += drain(Topics.inbox(agency)).size();
        }
        if (quarantined > 0) {
            assertThat(quarantined).isEqualTo(1);
            assertThat(audits).as("one audit record for the rejection").isEqualTo(1);
            assertThat(delivered).as("a quarantined input is delivered nowhere").isZero();
        } else {
            assertThat(audits).as("one audit record per recipient decision").isEqualTo(TestBackbone.AGENCIES.size() - 1);
        }
    }

    private static List<byte[]> drain(String topic) {
        TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return out.readValuesToList();
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> flipped = Combinators.combine(Arbitraries.integers().between(0, valid.length - 1),
                Arbitraries.integers().between(1, 255)).as((i, mask) -> {
                    byte[] copy = valid.clone();
                    copy[i] ^= mask.byteValue();
                    return copy;
                });
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, valid.length - 1)
                .map(n -> java.util.Arrays.copyOf(valid, n));
        return Arbitraries.oneOf(randomBytes, flipped, truncated, Arbitraries.just(valid.clone()));
    }
}
