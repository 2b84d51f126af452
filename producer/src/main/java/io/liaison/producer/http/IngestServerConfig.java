package io.liaison.producer.http;

import io.liaison.web.auth.TlsSettings;
import io.liaison.web.auth.TokenSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one agency's HTTP ingest.
 *
 * @param bindHost            interface to listen on ({@code 127.0.0.1} by default: put a TLS setup in front or set {@code tls})
 * @param port                TCP port; 0 picks a free one ({@link IngestServer#port()} tells which)
 * @param tls                 HTTPS with the backbone PKI; empty serves plain HTTP (tokens only; for local use)
 * @param tokens              whether and how bearer tokens are accepted (audience {@value TokenSettings#AGENCY_GATEWAY_AUDIENCE})
 * @param maxRequestBytes     largest request body read; larger ones get 413 before parsing
 * @param idempotencyTtl      how long an Idempotency-Key is remembered
 * @param idempotencyCapacity how many keys are remembered at most; the oldest are forgotten first
 * @param retryAfter          the {@code Retry-After} a 503 advertises
 * @param controlPlaneMaxLag  how old the trust store (followed from the trust and policy topics) may grow before the
 *                            ingest stops serving (503, {@code /ready} says why): a revocation reaches it within this
 */
public record IngestServerConfig(
        String bindHost,
        int port,
        Optional<TlsSettings> tls,
        TokenSettings tokens,
        int maxRequestBytes,
        Duration idempotencyTtl,
        int idempotencyCapacity,
        Duration retryAfter,
        Duration controlPlaneMaxLag) {
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(1);
    public static final int DEFAULT_IDEMPOTENCY_CAPACITY = 10_000;
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONTROL_PLANE_MAX_LAG = Duration.ofSeconds(30);

    public IngestServerConfig {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost must be set");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in the range 0..65535 (0 picks a free port), was " + port);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tokens, "tokens");
        if (!tokens.audience().equals(TokenSettings.AGENCY_GATEWAY_AUDIENCE)) {
            throw new IllegalArgumentException("tokens.audience must be " + TokenSettings.AGENCY_GATEWAY_AUDIENCE
                    + " (a token for another service must not publish), was " + tokens.audience());
        }
        if (tls.isEmpty() && !tokens.enabled()) {
            throw new IllegalArgumentException("without tls, tokens must be enabled: no client could authenticate");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "maxRequestBytes must be between 1024 and 16777216, was " + maxRequestBytes);
        }
        Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
        if (idempotencyTtl.compareTo(Duration.ofSeconds(1)) < 0 || idempotencyTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("idempotencyTtl must be between 1s and 7d, was " + idempotencyTtl);
        }
        if (idempotencyCapacity < 1 || idempotencyCapacity > 10_000_000) {
            throw new IllegalArgumentException(
                    "idempotencyCapacity must be between 1 and 10000000, was " + idempotencyCapacity);
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.toSeconds() < 1 || retryAfter.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("retryAfter must be between 1s and 1h, was " + retryAfter);
        }
        Objects.requireNonNull(controlPlaneMaxLag, "controlPlaneMaxLag");
        if (controlPlaneMaxLag.toSeconds() < 2 || controlPlaneMaxLag.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "controlPlaneMaxLag must be between 2s and 10m, was " + controlPlaneMaxLag);
        }
    }

    /** Plain HTTP on {@code 127.0.0.1:port} with bearer tokens: the embedded demo's setting. */
    public static IngestServerConfig defaults(int port) {
        return new IngestServerConfig(
                DEFAULT_BIND_HOST,
                port,
                Optional.empty(),
                TokenSettings.defaults(TokenSettings.AGENCY_GATEWAY_AUDIENCE),
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_IDEMPOTENCY_TTL,
                DEFAULT_IDEMPOTENCY_CAPACITY,
                DEFAULT_RETRY_AFTER,
                DEFAULT_CONTROL_PLANE_MAX_LAG);
    }

    public IngestServerConfig withBindHost(String host) {
        return new IngestServerConfig(
                host,
                port,
                tls,
                tokens,
                maxRequestBytes,
                idempotencyTtl,
                idempotencyCapacity,
                retryAfter,
                controlPlaneMaxLag);
    }

    public IngestServerConfig withTls(TlsSettings settings) {
        return new IngestServerConfig(
                bindHost,
                port,
                Optional.of(settings),
                tokens,
                maxRequestBytes,
                idempotencyTtl,
                idempotencyCapacity,
                retryAfter,
                controlPlaneMaxLag);
    }

    public IngestServerConfig withTokens(TokenSettings settings) {
        return new IngestServerConfig(
                bindHost,
                port,
                tls,
                settings,
                maxRequestBytes,
                idempotencyTtl,
                idempotencyCapacity,
                retryAfter,
                controlPlaneMaxLag);
    }

    public IngestServerConfig withMaxRequestBytes(int bytes) {
        return new IngestServerConfig(
                bindHost,
                port,
                tls,
                tokens,
                bytes,
                idempotencyTtl,
                idempotencyCapacity,
                retryAfter,
                controlPlaneMaxLag);
    }

    public IngestServerConfig withControlPlaneMaxLag(Duration maxLag) {
        return new IngestServerConfig(
                bindHost, port, tls, tokens, maxRequestBytes, idempotencyTtl, idempotencyCapacity, retryAfter, maxLag);
    }
}
