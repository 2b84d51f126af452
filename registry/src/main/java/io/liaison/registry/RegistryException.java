package io.liaison.registry;

import java.net.URI;

/**
 * A schema registry operation failed. The subtypes follow Confluent's error codes so callers can
 * react to the ones they understand; an HTTP gateway maps them to 404, 409, 422, 502 and 503.
 */
public abstract sealed class RegistryException extends RuntimeException
        permits RegistryException.NotFound,
                RegistryException.Incompatible,
                RegistryException.InvalidSchema,
                RegistryException.Failed,
                RegistryException.Unreachable {

    RegistryException(String message) {
        super(message);
    }

    RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A subject, version or schema the caller named does not exist. */
    public abstract static sealed class NotFound extends RegistryException
            permits SubjectNotFound, VersionNotFound, SchemaNotFound {
        NotFound(String message) {
            super(message);
        }
    }

    /** Confluent error 40401. */
    public static final class SubjectNotFound extends NotFound {
        public SubjectNotFound(String message) {
            super(message);
        }
    }

    /** Confluent error 40402. */
    public static final class VersionNotFound extends NotFound {
        public VersionNotFound(String message) {
            super(message);
        }
    }

    /** Confluent error 40403: no schema with that id, or not under that subject. */
    public static final class SchemaNotFound extends NotFound {
        public SchemaNotFound(String message) {
            super(message);
        }
    }

    /** Confluent error 409: the subject's compatibility rule rejected the schema. */
    public static final class Incompatible extends RegistryException {
        public Incompatible(String message) {
            super(message);
        }
    }

    /** Confluent error 42201: the registry could not parse the schema. */
    public static final class InvalidSchema extends RegistryException {
        public InvalidSchema(String message) {
            super(message);
        }
    }

    /** Any other error reply, or a reply this client cannot read. */
    public static final class Failed extends RegistryException {
        private final int httpStatus;
        private final int errorCode;

        public Failed(int httpStatus, int errorCode, String message) {
            super(message);
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** Confluent's {@code error_code}, or the HTTP status when the reply carried none. */
        public int errorCode() {
            return errorCode;
        }
    }

    /** No answer: connection refused, timed out or interrupted. */
    public static final class Unreachable extends RegistryException {
        private final URI url;

        public Unreachable(URI url, Throwable cause) {
            super("Schema registry unreachable at " + url + ": " + describe(cause), cause);
            this.url = url;
        }

        public URI url() {
            return url;
        }

        private static String describe(Throwable cause) {
            String message = cause.getMessage();
            return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
        }
    }
}
