package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentRegistryClientTest {

    private static final Schema SCHEMA = SchemaBuilder.record("Ping")
            .namespace("test")
            .fields()
            .requiredString("text")
            .endRecord();
    private static final String SCHEMA_JSON = "\"" + SCHEMA.toString().replace("\"", "\\\"") + "\"";

    private final ScriptedHttpServer server = new ScriptedHttpServer();
    private final ConfluentRegistryClient client = new ConfluentRegistryClient(RegistryClientConfig.of(server.url()));

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void registerPostsTheSchemaWithTheRegistryContentTypeAndReadsTheId() {
        server.answer("POST /subjects/orders-value/versions", 200, "{\"id\":21}");

        assertThat(client.register("orders-value", SCHEMA)).isEqualTo(21);

        ScriptedHttpServer.Request request = server.requests().get(0);
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).isEqualTo("{\"schema\":" + SCHEMA_JSON + "}");
    }

    @Test
    void registrationsAndIdsAreCachedSoTheRegistryIsAskedOnce() {
        server.answer("POST /subjects/orders-value/versions", 200, "{\"id\":21}")
                .answer("GET /schemas/ids/7", 200, "{\"schema\":" + SCHEMA_JSON + "}");

        client.register("orders-value", SCHEMA);
        client.register("orders-value", SCHEMA);
        Schema first = client.getById(7);
        Schema second = client.getById(7);

        assertThat(first).isEqualTo(SCHEMA).isSameAs(second);
        assertThat(client.getById(21))
                .as("a registered schema is known by its id")
                .isEqualTo(SCHEMA);
        assertThat(server.requests())
                .extracting(ScriptedHttpServer.Request::pathAndQuery)
                .containsExactly("/subjects/orders-value/versions", "/schemas/ids/7");
    }

    @Test
    void unknownFieldsInRepliesAreIgnored() {
        server.answer(
                "GET /subjects/orders-value/versions/latest",
                200,
                "{\"id\":3,\"subject\":\"orders-value\"," + "\"version\":2,\"schema\":" + SCHEMA_JSON
                        + ",\"references\":[],\"schemaType\":\"AVRO\",\"guid\":\"x\"}");

        RegisteredSchema latest = client.latest("orders-value");

        assertThat(latest).isEqualTo(new RegisteredSchema("orders-value", 3, 2, SCHEMA));
    }

    @Test
    void subjectsAreEncodedAsOnePathSegment() {
        server.answer(
                "POST /subjects/a%2Fb%20c",
                200, "{\"id\":4,\"subject\":\"a/b c\",\"version\":1,\"schema\":" + SCHEMA_JSON + "}");

        assertThat(client.lookup("a/b c", SCHEMA).id()).isEqualTo(4);
    }

    @Test
    void confluentErrorCodesBecomeTypedExceptions() {
        server.answer(
                        "GET /subjects/missing/versions/latest",
                        404,
                        "{\"error_code\":40401,\"message\":\"Subject 'missing' not found.\"}")
                .answer("GET /schemas/ids/99", 404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}")
                .answer("POST /subjects/orders-value", 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}")
                .answer("POST /subjects/old-value", 404, "{\"error_code\":40402,\"message\":\"Version not found.\"}")
                .answer(
                        "POST /subjects/orders-value/versions",
                        409,
                        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}")
                .answer(
                        "POST /subjects/bad-value/versions",
                        422,
                        "{\"error_code\":42201,\"message\":\"Invalid schema\"}")
                .answer("GET /subjects", 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

        assertThatThrownBy(() -> client.latest("missing"))
                .isInstanceOf(RegistryException.SubjectNotFound.class)
                .hasMessageContaining("Subject 'missing' not found.")
                .hasMessageContaining("40401");
        assertThatThrownBy(() -> client.getById(99)).isInstanceOf(RegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> client.lookup("orders-value", SCHEMA))
                .isInstanceOf(RegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> client.lookup("old-value", SCHEMA))
                .isInstanceOf(RegistryException.VersionNotFound.class);
        assertThatThrownBy(() -> client.register("orders-value", SCHEMA))
                .isInstanceOf(RegistryException.Incompatible.class)
                .hasMessageContaining("incompatible");
        assertThatThrownBy(() -> client.register("bad-value", SCHEMA))
                .isInstanceOf(RegistryException.InvalidSchema.class);
        assertThatThrownBy(client::subjects).isInstanceOfSatisfying(RegistryException.Failed.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.errorCode()).isEqualTo(50001);
        });
    }

    @Test
    void aFailedRegistrationIsNotCached() {
        server.answer("POST /subjects/orders-value/versions", 409, "{\"error_code\":409,\"message\":\"incompatible\"}");
        assertThatThrownBy(() -> client.register("orders-value", SCHEMA))
                .isInstanceOf(RegistryException.Incompatible.class);

        server.answer("POST /subjects/orders-value/versions", 200, "{\"id\":5}");
        assertThat(client.register("orders-value", SCHEMA)).isEqualTo(5);
    }

    @Test
    void aNonJsonErrorFallsBackToTheHttpStatus() {
        server.answer("PUT /config/orders-value", 400, "Not able to deserialize data provided.");

        assertThatThrownBy(() -> client.setSubjectCompatibility("orders-value", Compatibility.FULL))
                .isInstanceOfSatisfying(
                        RegistryException.Failed.class,
                        e -> assertThat(e.errorCode()).isEqualTo(400))
                .hasMessageContaining("Not able to deserialize data provided.");
    }

    @Test
    void compatibilityAndConfigRepliesAreRead() {
        server.answer(
                        "POST /compatibility/subjects/orders-value/versions/latest",
                        200,
                        "{\"is_compatible\":false,\"reason\":\"field removed\"}")
                .answer(
                        "POST /compatibility/subjects/new-value/versions/latest",
                        404,
                        "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}")
                .answer("GET /config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}")
                .answer("GET /config/orders-value?defaultToGlobal=true", 200, "{\"compatibilityLevel\":\"FULL\"}")
                .answer("PUT /config", 200, "{\"compatibility\":\"FORWARD\"}");

        assertThat(client.testCompatibility("orders-value", SCHEMA)).isFalse();
        assertThat(client.testCompatibility("new-value", SCHEMA))
                .as("an empty subject accepts anything")
                .isTrue();
        assertThat(client.globalCompatibility()).isEqualTo(Compatibility.BACKWARD);
        assertThat(client.subjectCompatibility("orders-value")).isEqualTo(Compatibility.FULL);
        client.setGlobalCompatibility(Compatibility.FORWARD);
        assertThat(server.requests().get(server.requests().size() - 1).body())
                .isEqualTo("{\"compatibility\":\"FORWARD\"}");
    }

    @Test
    void aRegistryThatIsNotListeningIsReportedAsUnreachableWithItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ConfluentRegistryClient offline =
                new ConfluentRegistryClient(RegistryClientConfig.of("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> offline.getById(1))
                .isInstanceOfSatisfying(
                        RegistryException.Unreachable.class,
                        e -> assertThat(e.url()).isEqualTo(URI.create("http://127.0.0.1:" + closedPort)))
                .hasMessageStartingWith("Schema registry unreachable at http://127.0.0.1:" + closedPort);
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsReportedAsUnreachable() throws Exception {
        // A listening socket that never accepts: the connection opens, no reply ever comes.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ConfluentRegistryClient impatient = new ConfluentRegistryClient(new RegistryClientConfig(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(200)));

            assertThatThrownBy(() -> impatient.getById(1))
                    .isInstanceOf(RegistryException.Unreachable.class)
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void configRejectsWhatIsNotAnHttpUrlOrAPositiveTimeout() {
        assertThatThrownBy(() -> RegistryClientConfig.of("ftp://registry"))
                .hasMessage("baseUrl must be an http or https URL with a host, was: ftp://registry");
        assertThatThrownBy(() -> new RegistryClientConfig(URI.create("http://r"), Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connectTimeout must be a positive duration");
        assertThat(RegistryClientConfig.of("http://r:8081/apis/ccompat/v7/").baseUrl())
                .isEqualTo(URI.create("http://r:8081/apis/ccompat/v7"));
    }
}
