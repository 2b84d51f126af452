package io.liaison.cli.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cli.CommandRun;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.demo.EmbeddedBackbone;
import io.liaison.runtime.audit.TopicReader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code liaison quarantine} as the quarantine officer on the embedded backbone: a byte-for-byte
 * replay (refused after its signature verified, so only its header is kept) and a message signed
 * with a certificate not yet published (refused before, so its original is sealed to the officer).
 * Publishing the certificate fixes the second; releasing it gets it delivered, with an audit record.
 */
class QuarantineCommandIT {
    private static final Pattern ACCEPTED =
            Pattern.compile("accepted ([0-9a-f-]{36}) \\(ingress\\.cpd-(\\d+)@(\\d+)\\)");
    private static final Path EXAMPLE = Path.of("..", "examples", "IncidentReport.json");

    @TempDir
    static Path home;

    static EmbeddedBackbone stack;
    static String previousHome;
    static String replayedId;
    static String lateCertId;

    @BeforeAll
    static void quarantineTwoInputs() throws Exception {
        previousHome = System.setProperty("liaison.home", home.toString());
        stack = EmbeddedBackbone.start(
                new LiaisonHome(home),
                EmbeddedBackbone.Ports.EPHEMERAL,
                Path.of("../config/policy.yaml"),
                new PrintWriter(new StringWriter(), true));

        Matcher first = publishedAsCpd();
        replayedId = first.group(1);
        resend(Integer.parseInt(first.group(2)), Long.parseLong(first.group(3)));

        // a new signing key the backbone has not heard of: its certificate is published late
        CommandRun rotated = CommandRun.execute("pki", "issue", "cpd", "--role", "signing");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        lateCertId = publishedAsCpd().group(1);

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(list("--json").out()).contains(replayedId, lateCertId));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (previousHome == null) {
            System.clearProperty("liaison.home");
        } else {
            System.setProperty("liaison.home", previousHome);
        }
    }

    @Test
    void listFiltersByReasonAndAgency() {
        CommandRun replays = list("--reason", "replay");
        CommandRun unknownKeys = list("--reason", "UNKNOWN_KEY", "--agency", "cpd", "--since", "1h");

        assertThat(replays.exitCode()).as(replays.err()).isZero();
        assertThat(replays.out()).contains(replayedId, "REPLAY", "ingress.cpd-").doesNotContain(lateCertId);
        assertThat(unknownKeys.out()).contains(lateCertId, "UNKNOWN_KEY").doesNotContain(replayedId);
        assertThat(list("--agency", "guard").out()).doesNotContain(replayedId, lateCertId);
        assertThat(list("--reason", "NO_SUCH_REASON").err()).contains("--reason NO_SUCH_REASON is not a reason code");
    }

    @Test
    void showOfAReplaySaysOnlyDigestsWereKeptAndReleaseRefusesIt() {
        String id = idOf(replayedId);

        CommandRun show = CommandRun.execute("quarantine", "show", id);
        CommandRun release = CommandRun.execute("quarantine", "release", id, "--reason", "try again");

        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .contains("reason:           REPLAY", "message id:       " + replayedId)
                .containsPattern("original digest:  sha256 [0-9a-f]{64}")
                .contains("original:         not kept: only header and digests were kept because the failure came "
                        + "after the signature verified");
        assertThat(release.exitCode()).isEqualTo(1);
        assertThat(release.err()).contains("cannot release " + id + " (REPLAY)", "ask the sender to send it again");
    }

    @Test
    void aMessageQuarantinedForALateCertificateIsReleasedDeliveredAndAudited() throws Exception {
        String id = idOf(lateCertId);
        Path original = home.resolve("original.bin");

        CommandRun show = CommandRun.execute("quarantine", "show", id, "--original", original.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .contains("reason:           UNKNOWN_KEY")
                .containsPattern("original:         sealed to the quarantine officer \\(key [0-9a-f]+\\), opened")
                .contains("the plaintext the backbone opened from the sealed ingress record")
                .contains("envelope:         IncidentReport from cpd");
        assertThat(Files.size(original)).isPositive();

        CommandRun published = CommandRun.execute("pki", "publish");
        assertThat(published.exitCode()).as(published.err()).isZero();
        CommandRun release = CommandRun.execute(
                "quarantine", "release", id, "--reason", "cpd's new signing certificate is published");

        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("released " + id + ": IncidentReport " + lateCertId + " from cpd");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<AuditRecord> audit = auditOf(lateCertId);
            assertThat(audit)
                    .filteredOn(a -> a.getDecision() == AuditDecision.RELEASED)
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.getPurpose()).isEqualTo("cpd's new signing certificate is published");
                        assertThat(r.getReasonCode()).isEqualTo("UNKNOWN_KEY");
                        assertThat(r.getSourceTopic()).isEqualTo(Topics.QUARANTINE);
                        assertThat(r.getDeliveredTopic()).isEqualTo("ingress.cpd");
                        assertThat(r.getMethod()).isEqualTo(QuarantineReleaseCommand.METHOD);
                    });
            assertThat(audit)
                    .as("verified by the backbone and delivered")
                    .anyMatch(a -> a.getDecision() == AuditDecision.DELIVERED);
        });
    }

    @Test
    void anUnknownIdIsAnErrorAndAMalformedOneAUsageError() {
        CommandRun unknown = CommandRun.execute("quarantine", "show", "q-0-999999");
        CommandRun malformed = CommandRun.execute("quarantine", "release", "abc", "--reason", "x");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("liaison quarantine show: no quarantine record q-0-999999");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("'abc' is not a quarantine id: expected q-<partition>-<offset>");
    }

    private static CommandRun list(String... options) {
        List<String> args = new ArrayList<>(List.of("quarantine", "list"));
        args.addAll(List.of(options));
        return CommandRun.execute(args.toArray(String[]::new));
    }

    /** The quarantine id of the one record of {@code messageId}, from the JSON listing. */
    private static String idOf(String messageId) {
        Matcher m = Pattern.compile("\\{\"id\":\"(q-\\d+-\\d+)\"[^\\n]*\"messageId\":\"" + messageId + "\"")
                .matcher(list("--json").out());
        assertThat(m.find()).as("a quarantine record for " + messageId).isTrue();
        return m.group(1);
    }

    private static Matcher publishedAsCpd() {
        CommandRun run = CommandRun.execute(
                "publish", "--agency", "cpd", "--type", "IncidentReport", "--file", EXAMPLE.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher m = ACCEPTED.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m;
    }

    /** Sends the ingress record at {@code offset} again byte for byte, as a retrying sender would. */
    private static void resend(int partition, long offset) throws Exception {
        Map<String, Object> admin = stack.clientProperties(Principals.ADMIN);
        TopicPartition tp = new TopicPartition(Topics.ingress("cpd"), partition);
        ConsumerRecord<String, byte[]> sent = null;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(admin, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            while (sent == null) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        sent = r;
                    }
                }
            }
        }
        Map<String, Object> p = stack.clientProperties("cpd");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(tp.topic(), partition, sent.key(), sent.value()))
                    .get();
        }
    }

    private static List<AuditRecord> auditOf(String messageId) {
        Properties extra = new Properties();
        extra.putAll(stack.clientProperties(Principals.AUDITOR));
        List<AuditRecord> found = new ArrayList<>();
        TopicReader.readAll(
                TopicReader.consumerProperties(stack.connection().bootstrapServers(), extra),
                Topics.AUDIT,
                r -> {
                    AuditRecord a = stack.readOnlyCodec().decodeSpecific(r.value(), AuditRecord.class);
                    if (messageId.equals(a.getMessageId())) {
                        found.add(a);
                    }
                },
                (read, total) -> {});
        return found;
    }
}
