package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker stops mid-publish. A request is answered 503 with Retry-After; once the cluster has
 * taken nothing for the gateway's delivery timeout, every request is answered 503 at once without
 * being sent; once the broker is back, publishing resumes without a restart and a retry with the
 * same key delivers exactly once.
 */
class BrokerOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Path dir = TempDirs.create("liaison-outage-");
    private final TestPki identities = new TestPki("Test Root");
    private final SigningIdentity cpd = identities.agency("cpd");
    private final String token = IngestServerIT.token(cpd);

    /** The gateway seals every message to the backbone's certified encryption key. */
    @BeforeEach
    void certifyTheBackbonesEncryptionKey() {
        identities.backboneEncryption();
    }

    @AfterEach
    void cleanUp() {
        TempDirs.deleteRecursively(dir);
    }

    /** Fixed ports: the restarted broker comes back where the gateway looks for it. */
    private BrokerConfig brokerConfig() {
        return new BrokerConfig(
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
    }

    private static AgencyGatewayConfig gatewayConfig(EmbeddedKafkaBroker broker, Duration deliveryTimeout) {
        return AgencyGatewayConfig.defaults(
                        "cpd",
                        broker.bootstrapServers(),
                        SharedApicurio.get().url().toString())
                .withDeliveryTimeout(deliveryTimeout)
                .withKafkaOverrides(broker.adminConnection().properties());
    }

    /** The outage is about publishing: the trust store may lag as long as the outage lasts. */
    private static IngestServer serve(AgencyGateway gateway, ControlPlane controlPlane) {
        return IngestServer.start(
                IngestServerConfig.defaults(0).withControlPlaneMaxLag(Duration.ofMinutes(10)),
                gateway,
                controlPlane,
                Clock.systemUTC());
    }

    private HttpResponse<String> post(IngestServer server, String type, Map<String, String> headers) throws Exception {
        return HTTP.send(
                IngestServerIT.request(server.port(), type, IngestServerIT.example(type), token, headers),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String reason(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("reason").asText();
    }

    @Test
    void aRetryAfterTheBrokerReturnsDeliversExactlyOnce() throws Exception {
        BrokerConfig brokerConfig = brokerConfig();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerConfig);
        IngressTopic.create(broker, "cpd");
        Map<String, String> key =
                Map.of(RequestHeaders.IDEMPOTENCY_KEY, UUID.randomUUID().toString());
        try (AgencyGateway gateway =
                        AgencyGateway.connect(gatewayConfig(broker, Duration.ofSeconds(3)), cpd, identities.trust());
                ControlPlane controlPlane = TestControlPlane.follow(broker, identities.trust(), identities.anchor());
                IngestServer server = serve(gateway, controlPlane)) {
            assertThat(post(server, "SituationReport", Map.of()).statusCode()).isEqualTo(201);

            broker.close();
            HttpResponse<String> duringOutage = post(server, "IncidentReport", key);

            assertThat(duringOutage.statusCode()).isEqualTo(503);
            assertThat(duringOutage.headers().firstValue("Retry-After")).isPresent();
            assertThat(reason(duringOutage)).isEqualTo("broker_unavailable");
            assertThat(JSON.readTree(duringOutage.body()).path("retryAdvice").asText())
                    .contains("retry with the same Idempotency-Key");

            broker = EmbeddedKafkaBroker.start(brokerConfig);
            // until the gateway has seen the cluster answer, retries are refused unsent (cluster_unavailable)
            HttpResponse<String> retry = await().atMost(Duration.ofSeconds(60))
                    .until(() -> post(server, "IncidentReport", key), r -> r.statusCode() != 503);

            assertThat(retry.statusCode()).isEqualTo(201);
            JsonNode receipt = JSON.readTree(retry.body());
            var records = IngressTopic.records(broker, "cpd");
            assertThat(records)
                    .as("the warm-up and the retried message, nothing from the failed attempts besides it")
                    .hasSize(2);
            assertThat(records)
                    .filteredOn(r -> r.key().equals(receipt.path("messageId").asText()))
                    .hasSize(1);
        } finally {
            broker.close();
        }
    }

    @Test
    void onceTheClusterHasBeenGoneForTheDeliveryTimeoutEveryRequestIsRefusedAtOnceAndNothingIsSent() throws Exception {
        BrokerConfig brokerConfig = brokerConfig();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerConfig);
        IngressTopic.create(broker, "cpd");
        Duration deliveryTimeout = Duration.ofSeconds(8);
        try (AgencyGateway gateway =
                        AgencyGateway.connect(gatewayConfig(broker, deliveryTimeout), cpd, identities.trust());
                ControlPlane controlPlane = TestControlPlane.follow(broker, identities.trust(), identities.anchor());
                IngestServer server = serve(gateway, controlPlane)) {
            assertThat(post(server, "SituationReport", Map.of()).statusCode()).isEqualTo(201);

            broker.close();
            // each request waits for its own acknowledgement (broker_unavailable) until the failures
            // span the delivery timeout
            await().atMost(deliveryTimeout.multipliedBy(4))
                    .until(() -> reason(post(server, "IncidentReport", Map.of())), "cluster_unavailable"::equals);

            for (int i = 0; i < 10; i++) {
                // shorter than the longest a send may wait for metadata: a request that reached the
                // producer would time out here
                HttpRequest quick = HttpRequest.newBuilder(
                                IngestServerIT.request(
                                        server.port(),
                                        "IncidentReport",
                                        IngestServerIT.example("IncidentReport"),
                                        token,
                                        Map.of()),
                                (name, value) -> true)
                        .timeout(AgencyGateway.METADATA_WAIT.minusSeconds(1))
                        .build();
                HttpResponse<String> refused = HTTP.send(quick, HttpResponse.BodyHandlers.ofString());

                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                JsonNode error = JSON.readTree(refused.body());
                assertThat(error.path("reason").asText()).isEqualTo("cluster_unavailable");
                assertThat(error.path("error").asText()).startsWith("Kafka cluster unavailable: ");
                assertThat(error.path("retryAdvice").asText()).startsWith("nothing was published");
            }

            broker = EmbeddedKafkaBroker.start(brokerConfig);
            HttpResponse<String> afterwards = await().atMost(Duration.ofSeconds(60))
                    .until(() -> post(server, "IncidentReport", Map.of()), r -> r.statusCode() != 503);

            assertThat(afterwards.statusCode()).isEqualTo(201);
            assertThat(IngressTopic.records(broker, "cpd"))
                    .as("the warm-up and the message published after the outage: nothing refused was sent")
                    .hasSize(2);
        } finally {
            broker.close();
        }
    }
}
