package io.liaison.kernel.seal;

/** The bytes claim to be a sealed record or wrapped key but do not parse as one. */
public final class SealFormatException extends RuntimeException {
    public SealFormatException(String message) {
        super(message);
    }
}
