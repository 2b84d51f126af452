package io.liaison.registry;

/** The bytes are not a Confluent wire-format Avro message: wrong magic byte, too short, or an undecodable body. */
public final class WireFormatException extends RuntimeException {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
