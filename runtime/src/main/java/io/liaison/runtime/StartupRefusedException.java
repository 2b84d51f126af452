package io.liaison.runtime;

/**
 * A process refuses to start, or to go on, and says why: a missing setting, key or password, an
 * invalid policy. The cause is the operator's to fix; the CLI prints the message and exits 1.
 */
public final class StartupRefusedException extends RuntimeException {
    public StartupRefusedException(String message) {
        super(message);
    }

    public StartupRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
