package io.liaison.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API ({@code java.net.http}
 * and Jackson). Works against Confluent's server and Apicurio's {@code /apis/ccompat/v7}.
 *
 * <p>Ids and (subject, schema) registrations never change once made, so both are cached for the
 * life of the client; {@link #latest}, compatibility and config always ask the registry.
 */
public final class ConfluentRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** TLS 1.3 and 1.2 only; the registry module stays free of the PKI, so the list is repeated from {@code TlsPolicy}. */
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    public ConfluentRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout());
        config.tls().ifPresent(context -> {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(TLS_PROTOCOLS); // as every other Liaison wire (docs/encryption.md)
            builder.sslContext(context).sslParameters(parameters);
        });
        this.http = builder.build();
        this.authorization = config.login()
                .map(l -> "Basic "
                        + Base64.getEncoder()
                                .encodeToString((l.user() + ":" + l.password()).getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
    }

    public URI baseUrl() {
        return config.baseUrl();
    }

    // The caches are read and filled outside ConcurrentHashMap.compute: no HTTP call under a map lock.
    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id;
        try {
            id = send("POST", subjectPath(subject) + "/versions", schemaBody(schema), IdReply.class)
                    .id();
        } catch (RegistryException.Incompatible e) {
            // Apicurio answers 409 to the loser of two concurrent first registrations of the same
            // schema; if the schema is there now, that is the id. A real incompatibility stays an error.
            try {
                id = lookup(subject, schema).id();
            } catch (RegistryException notThere) {
                e.addSuppressed(notThere);
                throw e;
            }
        }
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parseSchema(
                send("GET", "/schemas/ids/" + id, null, SchemaReply.class).schema(), "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return toRegistered(send("GET", subjectPath(subject) + "/versions/latest", null, SubjectVersionReply.class));
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectVersionReply reply = send("POST", subjectPath(subject), schemaBody(schema), SubjectVersionReply.class);
        idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), reply.id());
        schemasById.putIfAbsent(reply.id(), schema);
        return new RegisteredSchema(subject, reply.id(), reply.version(), schema);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            String path = "/compatibility" + subjectPath(subject) + "/versions/latest";
            return send("POST", path, schemaBody(schema), CompatibilityReply.class)
                    .isCompatible();
        } catch (RegistryException.SubjectNotFound | RegistryException.VersionNotFound e) {
            return true; // nothing registered yet, so nothing to be incompatible with
        }
    }

    @Override
    public List<String> subjects() {
        return List.of(send("GET", "/subjects", null, String[].class));
    }

    @Override
    public Compatibility globalCompatibility() {
        return send("GET", "/config", null, ConfigReply.class).compatibilityLevel();
    }

    @Override
    public Compatibility subjectCompatibility(String subject) {
        return send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null, ConfigReply.class)
                .compatibilityLevel();
    }

    @Override
    public void setGlobalCompatibility(Compatibility compatibility) {
        send("PUT", "/config", configBody(compatibility), ConfigUpdate.class);
    }

    @Override
    public void setSubjectCompatibility(String subject, Compatibility compatibility) {
        send("PUT", "/config/" + encode(subject), configBody(compatibility), ConfigUpdate.class);
    }

    private <T> T send(String method, String path, String body, Class<T> replyType) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(config.requestTimeout()).header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException.Unreachable(config.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException.Unreachable(config.baseUrl(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw RegistryErrors.fromReply(response.statusCode(), response.body(), method + " " + uri);
        }
        try {
            return JSON.readValue(response.body(), replyType);
        } catch (JsonProcessingException e) {
            throw new RegistryException.Failed(
                    response.statusCode(),
                    response.statusCode(),
                    "Unreadable reply to " + method + " " + uri + ": " + e.getOriginalMessage());
        }
    }

    private static RegisteredSchema toRegistered(SubjectVersionReply reply) {
        return new RegisteredSchema(
                reply.subject(),
                reply.id(),
                reply.version(),
                parseSchema(reply.schema(), "subject " + reply.subject() + " version " + reply.version()));
    }

    private static Schema parseSchema(String text, String what) {
        if (text == null) {
            throw new RegistryException.Failed(200, 200, "The registry returned no schema text for " + what);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new RegistryException.Failed(
                    200, 200, "The registry returned a schema for " + what + " that is not Avro: " + e.getMessage());
        }
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String schemaBody(Schema schema) {
        return json(Map.of("schema", schema.toString()));
    }

    private static String configBody(Compatibility compatibility) {
        return json(Map.of("compatibility", compatibility.name()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }

    private record SubjectSchema(String subject, Schema schema) {}

    private record IdReply(int id) {}

    private record SchemaReply(String schema) {}

    private record SubjectVersionReply(String subject, int id, int version, String schema) {}

    private record CompatibilityReply(
            @JsonProperty("is_compatible") boolean isCompatible) {}

    private record ConfigReply(Compatibility compatibilityLevel) {}

    private record ConfigUpdate(Compatibility compatibility) {}
}
