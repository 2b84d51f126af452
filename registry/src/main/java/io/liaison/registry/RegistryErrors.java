package io.liaison.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Turns a Confluent-style error reply ({@code {"error_code": 40403, "message": "..."}}) into a typed exception. */
final class RegistryErrors {

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int INCOMPATIBLE = 409;
    static final int INVALID_SCHEMA = 42201;

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private RegistryErrors() {}

    static RegistryException fromReply(int httpStatus, String body, String request) {
        ErrorReply reply = parse(body);
        int code = reply != null && reply.errorCode() != null ? reply.errorCode() : httpStatus;
        String detail = reply != null && reply.message() != null ? reply.message() : abbreviate(body);
        String message = detail + " (error " + code + " from " + request + ")";
        return switch (code) {
            case SUBJECT_NOT_FOUND -> new RegistryException.SubjectNotFound(message);
            case VERSION_NOT_FOUND -> new RegistryException.VersionNotFound(message);
            case SCHEMA_NOT_FOUND -> new RegistryException.SchemaNotFound(message);
            case INCOMPATIBLE -> new RegistryException.Incompatible(message);
            case INVALID_SCHEMA -> new RegistryException.InvalidSchema(message);
            default -> new RegistryException.Failed(httpStatus, code, message);
        };
    }

    private static ErrorReply parse(String body) {
        try {
            return JSON.readValue(body, ErrorReply.class);
        } catch (IOException e) {
            return null; // not JSON (a proxy's HTML page, a plain-text error): fall back to the HTTP status
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "empty reply";
        }
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private record ErrorReply(@JsonProperty("error_code") Integer errorCode, String message) {}
}
