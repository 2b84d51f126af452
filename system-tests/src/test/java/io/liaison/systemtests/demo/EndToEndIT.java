package io.liaison.systemtests.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.Liaison;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.InboxItem;
import io.liaison.demo.DemoScenario;
import io.liaison.demo.EmbeddedBackbone;
import io.liaison.demo.ScenarioReport;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The walking skeleton end to end on the real parts (embedded KRaft broker, Apicurio Registry, PKI,
 * Streams backbone, gateways, SDKs), then the auditor's commands against it: the log verifies
 * against the signed checkpoints the backbone published, replay equals what the agency's SDK
 * actually received, a proof checks offline with only the backbone certificate, the report's total
 * equals the log. Last, a restart on the same home proves that keys, schema ids, topics and the
 * replay store survive it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
    @TempDir
    static Path home;

    static EmbeddedBackbone stack;
    static ScenarioReport scenario;
    static String[] connection;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void runScenario() {
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        stack = EmbeddedBackbone.start(
                new LiaisonHome(home), EmbeddedBackbone.Ports.EPHEMERAL, Path.of("../config/policy.yaml"), quiet);
        scenario = new DemoScenario(stack, quiet).run(Duration.ofSeconds(90));
        connection = new String[] {
            "--bootstrap-servers",
            stack.connection().bootstrapServers(),
            "--pki-dir",
            stack.pki().root().toString(),
            "--security-protocol",
            "SASL_SSL",
            "--truststore",
            stack.pki().trustStoreFile().toString(),
            "--secrets-dir",
            home.resolve("secrets").toString()
        };
        // the checkpointer publishes every 5 s once the log grew; wait until one covers every record
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> run("audit", "verify").out().contains("OK"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void oneRecipientGetsARedactedCopyOneAFullCopyAndANonPermittedOneNothing() {
        ScenarioAssertions.assertOneRedactedOneFullOneNothingAndEveryAttackQuarantined(scenario);
    }

    @Test
    @Order(1)
    void theConnectionFileLetsASecondTerminalLogInOverTlsAndHoldsNoPrivateKey() throws Exception {
        Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(new LiaisonHome(home).connectionFile())) {
            written.load(in);
        }

        assertThat(written.getProperty(
                        LiaisonSettings.KAFKA_SECURITY_PROTOCOL.key().orElseThrow()))
                .isEqualTo("SASL_SSL");
        assertThat(Path.of(
                        written.getProperty(LiaisonSettings.TLS_TRUSTSTORE.key().orElseThrow())))
                .isEqualTo(stack.pki().trustStoreFile().toAbsolutePath());
        assertThat(written.stringPropertyNames()).noneMatch(key -> key.contains("keystore") || key.contains("key."));
        assertThat(written.values())
                .map(String::valueOf)
                .noneMatch(
                        value -> value.endsWith(".key") || value.endsWith(".p12") && !value.endsWith("truststore.p12"));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Liaison.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + connection.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(connection, 0, all, args.length, connection.length);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    @Test
    @Order(2)
    void theLiveLogVerifiesAgainstTheBackbonesSignedCheckpoints() {
        Run verify = run("audit", "verify");
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("OK").contains("liaison.backbone/audit");
    }

    @Test
    @Order(3)
    void replayShowsExactlyWhatTheAgencyReceivedMessageForMessage() {
        Run replay = run(
                "audit",
                "replay",
                "--agency",
                "ice",
                "--verify-copies",
                "--registry-url",
                stack.connection().registryUrl());
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        Set<String> received = scenario.received().get("ice").stream()
                .map(i -> ((InboxItem.Verified) i).messageId())
                .collect(Collectors.toSet());
        Set<String> replayed = replay.out()
                .lines()
                .filter(l -> l.contains(" verified "))
                .map(l -> l.trim().split("\\s+")[1])
                .collect(Collectors.toSet());
        assertThat(replayed).isEqualTo(received);
        assertThat(replay.out()).doesNotContain("UNLOGGED");
    }

    @Test
    @Order(4)
    void aProofChecksOfflineWithOnlyTheBackboneCertificate(@TempDir Path dir) {
        InboxItem.Verified copy =
                (InboxItem.Verified) scenario.received().get("ice").get(0);
        Path proof = dir.resolve("proof.json");
        Run prove = run("audit", "prove", copy.messageId(), "--out", proof.toString());
        assertThat(prove.exit()).as(prove.err()).isZero();

        StringWriter out = new StringWriter();
        CommandLine cl = Liaison.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        int exit = cl.execute(
                "audit",
                "check-proof",
                proof.toString(),
                "--backbone-cert",
                stack.pki().root().resolve("backbone/attestation.crt").toString());
        assertThat(exit).as(out.toString()).isZero();
    }

    @Test
    @Order(5)
    void theReportTotalEqualsTheLog(@TempDir Path dir) throws Exception {
        Run report = run("report", "--out", dir.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        long total = new ObjectMapper()
                .readTree(dir.resolve("report.json").toFile())
                .get("total")
                .asLong();
        List<?> everyRecord = scenario.auditRecords();
        assertThat(total).isEqualTo(everyRecord.size());
        Run verify = run("audit", "verify");
        assertThat(verify.out()).contains("records: " + total);
    }

    @Test
    @Order(6)
    void stateSurvivesARestartOnTheSameHome() {
        stack.close();
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        stack = EmbeddedBackbone.start(
                new LiaisonHome(home), EmbeddedBackbone.Ports.EPHEMERAL, Path.of("../config/policy.yaml"), quiet);
        writeGatewaySubscriptionAuditRecord(); // an analyst opened a feed between the runs
        ScenarioReport second = new DemoScenario(stack, quiet).run(Duration.ofSeconds(90));
        assertThat(second.received().values())
                .allSatisfy(items ->
                        assertThat(items).allSatisfy(item -> assertThat(item).isInstanceOf(InboxItem.Verified.class)));
        assertThat(ScenarioAssertions.verified(second, "ice", "IncidentReport").messageId())
                .isNotEqualTo(ScenarioAssertions.verified(scenario, "ice", "IncidentReport")
                        .messageId());
        assertThat(second.quarantined())
                .extracting(QuarantineRecord::getReasonCode)
                .contains("REPLAY");
    }

    /** What the consumer gateway writes for a subscription: an audit record with no source record. */
    private static void writeGatewaySubscriptionAuditRecord() {
        AuditRecord subscribed = AuditRecord.newBuilder()
                .setRecordId(UUID.randomUUID().toString())
                .setEventTime(Instant.now())
                .setDecision(AuditDecision.SUBSCRIBED)
                .setRecipient("ice")
                .setRecipientPerson("analyst-1")
                .setPurpose("immigration-enforcement")
                .setSourceTopic(null)
                .setReleasingComponent("consumer-gateway@test")
                .setMethod("https-sse")
                .build();
        byte[] value = stack.readOnlyCodec().encode(Topics.AUDIT + "-value", subscribed);
        Map<String, Object> props = new HashMap<>(stack.clientProperties(Principals.CONSUMER_GATEWAY));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.AUDIT, null, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the gateway audit record", e);
        }
    }
}
