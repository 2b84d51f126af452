package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.controlplane.ControlPlane;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.pki.PkiDirectory;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.testing.TestPki;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker stops mid-publish: 503 with Retry-After; once it is back, a retry with the same key delivers exactly once. */
class BrokerOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir = TempDirs.create("liaison-outage-");

    @AfterEach
    void cleanUp() {
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void aRetryAfterTheBrokerReturnsDeliversExactlyOnce() throws Exception {
        // fixed ports: the restarted broker comes back where the gateway looks for it
        BrokerConfig brokerConfig = new BrokerConfig(
                dir.resolve("kafka"),
                EmbeddedKafkaBroker.freePort(),
                EmbeddedKafkaBroker.freePort(),
                BrokerConfig.DEFAULT_RETENTION_BYTES,
                BrokerConfig.DEFAULT_RETENTION_HOURS,
                Map.of(),
                BrokerSecurity.ensure(
                        PkiDirectory.at(dir.resolve("pki")),
                        CredentialStore.at(dir.resolve("secrets")),
                        Clock.systemUTC()));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerConfig);
        TestPki identities = new TestPki("Test Root");
        SigningIdentity cpd = identities.agency("cpd");
        identities.backboneEncryption();
        IngressTopic.create(broker, "cpd");
        AgencyGatewayConfig config = AgencyGatewayConfig.defaults(
                        "cpd",
                        broker.bootstrapServers(),
                        SharedApicurio.get().url().toString())
                .withDeliveryTimeout(Duration.ofSeconds(3))
                .withKafkaOverrides(broker.adminSecurity().properties());
        HttpClient http = HttpClient.newHttpClient();
        String token = IngestServerIT.token(cpd);
        Map<String, String> key =
                Map.of(RequestHeaders.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
        // The outage is about publishing: the trust store may lag as long as the outage lasts.
        IngestServerConfig serverConfig = IngestServerConfig.defaults(0).withControlPlaneMaxLag(Duration.ofMinutes(10));
        try (AgencyGateway gateway = AgencyGateway.connect(config, cpd, identities.trust());
                ControlPlane controlPlane = TestControlPlane.follow(broker, identities.trust(), identities.anchor());
                IngestServer server = IngestServer.start(serverConfig, gateway, controlPlane, Clock.systemUTC())) {
            HttpResponse<String> warmUp = http.send(
                    IngestServerIT.request(
                            server.port(),
                            "SituationReport",
                            IngestServerIT.example("SituationReport"),
                            token,
                            Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(warmUp.statusCode()).isEqualTo(201);

            broker.close();
            HttpResponse<String> duringOutage = http.send(
                    IngestServerIT.request(
                            server.port(), "IncidentReport", IngestServerIT.example("IncidentReport"), token, key),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(duringOutage.statusCode()).isEqualTo(503);
            assertThat(duringOutage.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(duringOutage.body()).path("retryAdvice").asText())
                    .contains("retry with the same Idempotency-Key");

            broker = EmbeddedKafkaBroker.start(brokerConfig);
            HttpResponse<String> retry = http.send(
                    IngestServerIT.request(
                            server.port(), "IncidentReport", IngestServerIT.example("IncidentReport"), token, key),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(retry.statusCode()).isEqualTo(201);
            JsonNode receipt = JSON.readTree(retry.body());
            var records = IngressTopic.records(broker, "cpd");
            assertThat(records)
                    .as("the warm-up and the retried message, nothing from the failed attempt besides it")
                    .hasSize(2);
            assertThat(records)
                    .filteredOn(r -> r.key().equals(receipt.path("messageId").asText()))
                    .hasSize(1);
        } finally {
            broker.close();
        }
    }
}
