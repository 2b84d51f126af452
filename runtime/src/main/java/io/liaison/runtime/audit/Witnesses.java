package io.liaison.runtime.audit;

import io.liaison.audit.checkpoint.CheckpointVerifier;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The witnesses the checkpointer submits every checkpoint to ({@code checkpoint.witnesses}).
 *
 * @param urls     each witness's submission prefix; {@code /add-checkpoint} is appended
 * @param verifier opens the returned cosignatures: only one by a trusted WITNESS key counts
 * @param tls      the CA an https witness's certificate must chain to; empty: the JVM's default
 */
public record Witnesses(List<URI> urls, CheckpointVerifier verifier, Optional<SSLContext> tls) {
    public Witnesses {
        urls = List.copyOf(urls);
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(tls, "tls");
        urls.forEach(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException("checkpoint.witnesses: " + u + " is not an http(s) URL");
            }
        });
    }
}
