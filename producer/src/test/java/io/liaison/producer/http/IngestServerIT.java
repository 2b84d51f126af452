package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.controlplane.ControlPlane;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.embedded.kafka.SharedKafka;
import io.liaison.embedded.registry.SharedApicurio;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.testing.TestPki;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.TokenSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP ingest against the real broker and registry, authenticated with bearer tokens over plain HTTP. */
class IngestServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedKafkaBroker broker;
    private static SigningIdentity cpd;
    private static SigningIdentity ice;
    private static AgencyGateway gateway;
    private static ControlPlane controlPlane;
    private static IngestServer server;

    @BeforeAll
    static void start() throws Exception {
        broker = SharedKafka.get();
        TestPki identities = new TestPki("Test Root");
        cpd = identities.agency("cpd");
        ice = identities.agency("ice");
        identities.backboneEncryption();
        IngressTopic.create(broker, "cpd");
        gateway = AgencyGateway.connect(
                AgencyGatewayConfig.defaults(
                                "cpd",
                                broker.bootstrapServers(),
                                SharedApicurio.get().url().toString())
                        .withKafkaOverrides(broker.adminConnection().properties()),
                cpd,
                identities.trust());
        controlPlane = TestControlPlane.follow(broker, identities.trust(), identities.anchor());
        server = IngestServer.start(IngestServerConfig.defaults(0), gateway, controlPlane, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
        controlPlane.close();
    }

    @Test
    void anExampleIsPublishedAndAnsweredWithItsReceipt() throws Exception {
        HttpResponse<String> response = post(
                "IncidentReport",
                example("IncidentReport"),
                token(cpd),
                Map.of(RequestHeaders.CLASSIFICATION, "LAW_ENFORCEMENT_SENSITIVE", RequestHeaders.CAVEATS, "PII"));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode receipt = JSON.readTree(response.body());
        assertThat(receipt.path("topic").asText()).isEqualTo("ingress.cpd");
        assertThat(receipt.path("replayed").asBoolean()).isFalse();
        assertThat(receipt.path("payloadDigest").asText()).hasSize(64);
        assertThat(IngressTopic.countWithKey(
                        broker, "cpd", receipt.path("messageId").asText()))
                .isEqualTo(1);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of(
                        "wrong type",
                        (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("location")).put("latitude", "north"),
                        "location.latitude",
                        "wrong_type"),
                Arguments.of(
                        "missing required field",
                        (Consumer<ObjectNode>) r -> r.remove("narrative"),
                        "narrative",
                        "missing_required"),
                Arguments.of(
                        "unknown field",
                        (Consumer<ObjectNode>) r -> r.put("witness", "none"),
                        "witness",
                        "unknown_field"),
                Arguments.of(
                        "value not in enum",
                        (Consumer<ObjectNode>) r -> r.put("severity", "EXTREME"),
                        "severity",
                        "not_in_enum"),
                Arguments.of(
                        "malformed date",
                        (Consumer<ObjectNode>)
                                r -> ((ObjectNode) r.get("involvedPersons").get(1)).put("dateOfBirth", "02/07/1985"),
                        "involvedPersons[1].dateOfBirth",
                        "invalid_value"),
                Arguments.of(
                        "null where none is allowed",
                        (Consumer<ObjectNode>) r -> r.putNull("incidentId"),
                        "incidentId",
                        "wrong_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void eachClassOfBadJsonIsA400NamingTheField(String name, Consumer<ObjectNode> spoil, String path, String kind)
            throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(example("IncidentReport"));
        spoil.accept(body);

        HttpResponse<String> response = post("IncidentReport", body.toString(), token(cpd), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error").asText()).isEqualTo("the body does not fit IncidentReport");
        assertThat(error.path("fields")).singleElement().satisfies(field -> {
            assertThat(field.path("in").asText()).isEqualTo("body");
            assertThat(field.path("path").asText()).isEqualTo(path);
            assertThat(field.path("kind").asText()).isEqualTo(kind);
            assertThat(field.path("problem").asText()).isNotBlank();
        });
    }

    @Test
    void notJsonAtAllIsA400AboutTheDocument() throws Exception {
        HttpResponse<String> response = post("IncidentReport", "{\"incidentId\": ", token(cpd), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body())
                        .path("fields")
                        .get(0)
                        .path("kind")
                        .asText())
                .isEqualTo("invalid_json");
    }

    @Test
    void anUnknownTypeIsA404NamingType() throws Exception {
        HttpResponse<String> response = post("ParkingTicket", "{}", token(cpd), Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode field = JSON.readTree(response.body()).path("fields").get(0);
        assertThat(field.path("in").asText()).isEqualTo("path");
        assertThat(field.path("path").asText()).isEqualTo("type");
        assertThat(field.path("problem").asText()).contains("ParkingTicket", "IncidentReport");
    }

    @Test
    void aBadHeaderIsA400NamingTheHeader() throws Exception {
        HttpResponse<String> response = post(
                "IncidentReport",
                example("IncidentReport"),
                token(cpd),
                Map.of(RequestHeaders.CLASSIFICATION, "TOP_SECRET"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode field = JSON.readTree(response.body()).path("fields").get(0);
        assertThat(field.path("in").asText()).isEqualTo("header");
        assertThat(field.path("path").asText()).isEqualTo(RequestHeaders.CLASSIFICATION);
    }

    @Test
    void aMessageOverTheSizeLimitIsA413BeforeSigning() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(example("IncidentReport"));
        body.put("narrative", "x".repeat(AgencyGatewayConfig.DEFAULT_MAX_MESSAGE_BYTES));

        HttpResponse<String> response = post("IncidentReport", body.toString(), token(cpd), Map.of());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .contains("the maximum is " + AgencyGatewayConfig.DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyYieldsOneMessage() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, String> headers = Map.of(RequestHeaders.IDEMPOTENCY_KEY, key);

        HttpResponse<String> first = post("SituationReport", example("SituationReport"), token(cpd), headers);
        HttpResponse<String> retry = post("SituationReport", example("SituationReport"), token(cpd), headers);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue(PublishHandler.REPLAYED_HEADER)).contains("true");
        JsonNode firstReceipt = JSON.readTree(first.body());
        JsonNode retryReceipt = JSON.readTree(retry.body());
        assertThat(retryReceipt.path("messageId")).isEqualTo(firstReceipt.path("messageId"));
        assertThat(retryReceipt.path("offset")).isEqualTo(firstReceipt.path("offset"));
        assertThat(IngressTopic.countWithKey(
                        broker, "cpd", firstReceipt.path("messageId").asText()))
                .isEqualTo(1);

        HttpResponse<String> reused = post("CommunityNotice", example("CommunityNotice"), token(cpd), headers);
        assertThat(reused.statusCode()).isEqualTo(422);
    }

    @Test
    void aCallerOfAnotherAgencyIsForbiddenAndACallerWithoutCredentialsUnauthorised() throws Exception {
        HttpResponse<String> otherAgency = post("IncidentReport", example("IncidentReport"), token(ice), Map.of());
        HttpResponse<String> anonymous = post("IncidentReport", example("IncidentReport"), null, Map.of());
        String consumerToken = BearerTokens.issue(
                cpd, "jdoe", TokenSettings.CONSUMER_GATEWAY_AUDIENCE, Duration.ofMinutes(5), Clock.systemUTC());
        HttpResponse<String> wrongAudience = post("IncidentReport", example("IncidentReport"), consumerToken, Map.of());

        assertThat(otherAgency.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(otherAgency.body()).path("error").asText())
                .isEqualTo("authenticated as agency ice; this gateway publishes only as cpd");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(wrongAudience.statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenApiDescriptionMatchesTheEndpoints() throws Exception {
        JsonNode api = JSON.readTree(get("/v1/openapi.json").body());

        assertThat(api.path("paths").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("/v1/messages/{type}", "/v1/openapi.json", "/health", "/ready", "/metrics");
        JsonNode typeParameter = api.path("paths")
                .path("/v1/messages/{type}")
                .path("post")
                .path("parameters")
                .get(0);
        // every type an agency may publish: all but the one the backbone issues itself
        assertThat(typeParameter.path("schema").path("enum"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(LiaisonSchemas.messageTypes().stream()
                        .filter(type -> !type.equals(LiaisonSchemas.ESCALATION))
                        .toList());
        List<String> documentedHeaders = api.path("paths")
                .path("/v1/messages/{type}")
                .path("post")
                .path("parameters")
                .findValuesAsText("name");
        assertThat(documentedHeaders)
                .contains(
                        RequestHeaders.CLASSIFICATION,
                        RequestHeaders.CAVEATS,
                        RequestHeaders.RELEASABLE_TO,
                        RequestHeaders.IDEMPOTENCY_KEY);
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        post("ResourceRequest", example("ResourceRequest"), token(cpd), Map.of());

        assertThat(JSON.readTree(get("/health").body()).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("policyVersion").asText())
                .isEqualTo(controlPlane.policy().version());
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains(
                        "liaison_ingest_accepted_total{agency=\"cpd\",process=\"ingest\"} ",
                        "liaison_ingest_rejected_total{agency=\"cpd\",process=\"ingest\",reason=\"unknown_type\"}",
                        "liaison_ingest_publish_seconds_count",
                        "liaison_policy_version_in_force{process=\"ingest\",version=\""
                                + controlPlane.policy().version() + "\"} 1.0",
                        "kafka_producer_");
        assertThat(metrics.body())
                .doesNotContain("liaison_ingest_accepted_total{agency=\"cpd\",process=\"ingest\"} 0.0\n");
    }

    @Test
    void anUnreachableRegistryIsA503WithRetryAfterAndNothingPublished() throws Exception {
        String deadRegistry = "http://127.0.0.1:" + EmbeddedKafkaBroker.freePort() + "/apis/ccompat/v7";
        TestPki identities = new TestPki("Test Root");
        SigningIdentity other = identities.agency("cpd");
        identities.backboneEncryption();
        int before = IngressTopic.records(broker, "cpd").size();
        try (AgencyGateway offline = AgencyGateway.connect(
                        AgencyGatewayConfig.defaults("cpd", broker.bootstrapServers(), deadRegistry)
                                .withKafkaOverrides(broker.adminConnection().properties()),
                        other,
                        identities.trust());
                ControlPlane followed = TestControlPlane.follow(broker, identities.trust(), identities.anchor());
                IngestServer ingest =
                        IngestServer.start(IngestServerConfig.defaults(0), offline, followed, Clock.systemUTC())) {
            HttpResponse<String> response = HTTP.send(
                    request(ingest.port(), "IncidentReport", example("IncidentReport"), token(other), Map.of()),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("error").asText()).startsWith("schema registry unavailable");
            assertThat(error.path("retryAdvice").asText()).startsWith("nothing was published");
        }
        assertThat(IngressTopic.records(broker, "cpd")).hasSize(before);
    }

    static String example(String type) throws Exception {
        return Files.readString(EXAMPLES.resolve(type + ".json"));
    }

    static String token(SigningIdentity agency) {
        return BearerTokens.issue(
                agency,
                "records-system",
                TokenSettings.AGENCY_GATEWAY_AUDIENCE,
                Duration.ofMinutes(5),
                Clock.systemUTC());
    }

    private static HttpResponse<String> post(String type, String body, String token, Map<String, String> headers)
            throws Exception {
        return HTTP.send(request(server.port(), type, body, token, headers), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest request(int port, String type, String body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/messages/" + type))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request.build();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
