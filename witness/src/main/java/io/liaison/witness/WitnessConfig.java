package io.liaison.witness;

import io.liaison.web.auth.TlsSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a witness server listens and where it keeps its state.
 *
 * @param bindHost address to listen on
 * @param port     TCP port (0: a free one)
 * @param tls      HTTPS settings, or empty for plain HTTP (the demo, bound to loopback)
 * @param stateDir the last cosigned note per origin ({@link WitnessStateFiles})
 */
public record WitnessConfig(String bindHost, int port, Optional<TlsSettings> tls, Path stateDir) {
    public static final int DEFAULT_PORT = 8490;
    /** The witness's owner in the PKI ({@code witnesses/oversight/witness.crt}): the oversight board. */
    public static final String DEFAULT_OWNER = "oversight";
    /** Its note key name, on every cosignature line. */
    public static final String DEFAULT_KEY_NAME = "oversight.liaison/witness";

    public WitnessConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(stateDir, "stateDir");
    }
}
