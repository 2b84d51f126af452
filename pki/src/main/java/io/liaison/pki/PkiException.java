package io.liaison.pki;

/**
 * A certificate, key, CRL or PKI directory that cannot be used: unreadable, not issued by the CA,
 * of the wrong profile, or missing. The message names the file or key id and the rule it broke.
 */
public final class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
