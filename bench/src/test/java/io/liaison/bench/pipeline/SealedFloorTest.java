package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.producer.IngressSealer;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.EdgeSealing;
import io.liaison.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed floor does the cryptography it claims, with the backbone's own code: each copy is
 * really sealed to its recipient and opens only with that recipient's key and its key record.
 */
class SealedFloorTest {
    private static final BaselineApp.TopicNames TOPICS = new BaselineApp.TopicNames("sealed-floor", 1);
    private static final byte[] PLAINTEXT =
            "an envelope's bytes, as the gateway encoded them".getBytes(StandardCharsets.UTF_8);
    private static final String MESSAGE_ID = "cpd-0001";

    private final TestPki pki = new TestPki("Sealed floor test root");
    private final DecryptionKeys backbone = pki.backboneEncryption();
    private final Map<String, DecryptionKeys> recipients =
            Map.of("guard", pki.agencyEncryption("guard"), "ice", pki.agencyEncryption("ice"));
    private final BaselineApp.SealedFloorKeys keys = new BaselineApp.SealedFloorKeys(
            new EdgeSealing(
                    backbone,
                    pki.trust(),
                    new AvroCodec(new InMemorySchemaRegistryClient(), true),
                    Clock.systemUTC(),
                    BackboneSettings.defaults("sealed-floor-test")),
            pki.backbone(),
            List.of("guard", "ice"));

    @TempDir
    java.nio.file.Path state;

    private TopologyTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void eachCopyIsSealedToItsRecipientWithItsKeyRecordAndTheAuditRecordsAreWritten() {
        byte[] sealed =
                new IngressSealer(pki.trust(), Clock.systemUTC()).seal("cpd", MESSAGE_ID, "IncidentReport", PLAINTEXT);

        publish(sealed, 2);

        for (int r = 0; r < 2; r++) {
            String recipient = keys.recipients().get(r);
            List<TestRecord<byte[], byte[]>> copies = output(TOPICS.copies(r)).readRecordsToList();
            Map<String, byte[]> keyRecords = output(TOPICS.keys(r)).readRecordsToList().stream()
                    .collect(Collectors.toMap(k -> new String(k.key(), StandardCharsets.UTF_8), TestRecord::value));
            assertThat(copies).as(recipient).hasSize(1);
            assertThat(keyRecords).as(recipient).hasSize(1);
            byte[] copy = copies.get(0).value();

            Opening opening = Seal.open(
                    copy,
                    Topics.inbox(recipient),
                    MESSAGE_ID,
                    recipients.get(recipient),
                    ref -> Optional.ofNullable(keyRecords.get(ref)));
            assertThat(opening).as(recipient).isInstanceOf(Opening.Opened.class);
            byte[] opened = ((Opening.Opened) opening).plaintext();
            // the plaintext, then the one signature every copy carries
            assertThat(Arrays.copyOf(opened, PLAINTEXT.length)).isEqualTo(PLAINTEXT);
            assertThat(opened).hasSize(PLAINTEXT.length + 64);

            String other = keys.recipients().get(1 - r);
            assertThat(Seal.open(
                            copy,
                            Topics.inbox(recipient),
                            MESSAGE_ID,
                            recipients.get(other),
                            ref -> Optional.ofNullable(keyRecords.get(ref))))
                    .as("opened by " + other)
                    .isInstanceOf(Opening.Refused.class);
        }
        assertThat(output(TOPICS.audit()).readRecordsToList()).hasSize(2);
    }

    @Test
    void aRecordTheBackboneCannotOpenStopsTheFloorRatherThanBeingCountedAsSealed() {
        assertThatThrownBy(() -> publish(PLAINTEXT, 2))
                .hasStackTraceContaining("the sealed floor could not open a record from cpd");
    }

    private void publish(byte[] value, int deliveries) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "sealed-floor-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(
                BaselineApp.fanOutTopology(TOPICS, keys.recipients().size(), 100, Optional.of(keys)), p);
        TestInputTopic<byte[], byte[]> in =
                driver.createInputTopic(TOPICS.input("cpd"), new ByteArraySerializer(), new ByteArraySerializer());
        RecordHeaders headers = new RecordHeaders();
        headers.add(BaselineApp.DELIVERIES_HEADER, new byte[] {(byte) deliveries});
        in.pipeInput(new TestRecord<>(MESSAGE_ID.getBytes(StandardCharsets.UTF_8), value, headers));
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
