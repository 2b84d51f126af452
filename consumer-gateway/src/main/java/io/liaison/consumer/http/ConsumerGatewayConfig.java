package io.liaison.consumer.http;

import io.liaison.registry.RegistryClientConfig;
import io.liaison.web.auth.TlsSettings;
import io.liaison.web.auth.TokenSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings of the consumer gateway's HTTP side, validated on construction so a bad value fails
 * before the server binds. Start from {@link #defaults} and change what differs with the withers.
 *
 * @param bindHost             address to listen on; loopback by default, so exposing the feed is a decision
 * @param port                 TCP port, 0 for an ephemeral one
 * @param bootstrapServers     Kafka bootstrap servers of the inbox topics and the audit topic
 * @param registry             the Confluent-API schema registry: URL, and for https its trust and login
 * @param tls                  HTTPS settings; empty serves plain HTTP (loopback demos and tests only)
 * @param tokens               bearer-token settings (audience {@value TokenSettings#CONSUMER_GATEWAY_AUDIENCE})
 * @param clientBufferEvents   live events queued per SSE client; a client that falls further behind is dropped
 * @param maxFeedClients       concurrent SSE clients; more get 503 (each holds one server thread)
 * @param heartbeatInterval    idle SSE streams get a comment this often, so dead peers are noticed
 * @param maxPageSize          largest {@code limit} of the REST catch-up
 * @param maxScanRecords       records one REST page may read (filtered out or not) before it returns its cursor; each
 *                             costs two signature checks, so the cap is low (at most 10,000)
 * @param sinceLookback        how far before {@code since} to start reading: the backbone stamps a copy
 *                             after its sender created it, within the backbone's clock-skew bound
 * @param socketSendBufferBytes SO_SNDBUF of accepted connections (0: the OS default); small values make
 *                             the per-client buffer, not the kernel, the bound on a slow client
 * @param component            the releasing component named in audit records
 * @param kafkaOverrides       extra Kafka client properties (security settings, tuning) for every client
 * @param quotas               what one subject and one agency may hold: feeds, requests a minute (429 beyond)
 * @param restReaders          Kafka consumers REST pages share; at most this many pages are read at once
 * @param controlPlaneMaxLag   how old trust and policy (followed from their topics) may grow before the gateway
 *                             stops serving (503, {@code /ready} says why): a revocation reaches it within this
 */
public record ConsumerGatewayConfig(
        String bindHost,
        int port,
        String bootstrapServers,
        RegistryClientConfig registry,
        Optional<TlsSettings> tls,
        TokenSettings tokens,
        int clientBufferEvents,
        int maxFeedClients,
        Duration heartbeatInterval,
        int maxPageSize,
        int maxScanRecords,
        Duration sinceLookback,
        int socketSendBufferBytes,
        String component,
        Map<String, Object> kafkaOverrides,
        GatewayQuotas quotas,
        int restReaders,
        Duration controlPlaneMaxLag) {
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8470;
    public static final int DEFAULT_CLIENT_BUFFER_EVENTS = 1024;
    public static final int DEFAULT_MAX_FEED_CLIENTS = 200;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_MAX_SCAN_RECORDS = 2_000;
    public static final int DEFAULT_REST_READERS = 4;
    public static final Duration DEFAULT_CONTROL_PLANE_MAX_LAG = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SINCE_LOOKBACK = Duration.ofMinutes(5);

    public ConsumerGatewayConfig {
        requireText("bindHost", bindHost);
        try {
            InetAddress.getByName(bindHost);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindHost '" + bindHost + "' does not resolve", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in the range 0 to 65535, was " + port);
        }
        requireText("bootstrapServers", bootstrapServers);
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tokens, "tokens");
        if (!tokens.audience().equals(TokenSettings.CONSUMER_GATEWAY_AUDIENCE)) {
            throw new IllegalArgumentException("tokens.audience must be " + TokenSettings.CONSUMER_GATEWAY_AUDIENCE
                    + " (a token for another service must not open a feed), was " + tokens.audience());
        }
        requireRange("clientBufferEvents", clientBufferEvents, 1, 1_000_000);
        requireRange("maxFeedClients", maxFeedClients, 1, 10_000);
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 100ms, was " + heartbeatInterval);
        }
        requireRange("maxPageSize", maxPageSize, 1, 10_000);
        requireRange("maxScanRecords", maxScanRecords, maxPageSize, 10_000);
        Objects.requireNonNull(sinceLookback, "sinceLookback");
        if (sinceLookback.isNegative()) {
            throw new IllegalArgumentException("sinceLookback must not be negative, was " + sinceLookback);
        }
        requireRange("socketSendBufferBytes", socketSendBufferBytes, 0, 64 * 1024 * 1024);
        requireText("component", component);
        kafkaOverrides = Map.copyOf(kafkaOverrides);
        if (tls.isEmpty() && !tokens.enabled()) {
            throw new IllegalArgumentException(
                    "tokens.enabled is false and tls is not set: no client could authenticate");
        }
        Objects.requireNonNull(quotas, "quotas");
        if (quotas.feedsPerAgency() > maxFeedClients) {
            throw new IllegalArgumentException("quotas.feedsPerAgency must be at most maxFeedClients (" + maxFeedClients
                    + "), was " + quotas.feedsPerAgency());
        }
        requireRange("restReaders", restReaders, 1, 64);
        Objects.requireNonNull(controlPlaneMaxLag, "controlPlaneMaxLag");
        if (controlPlaneMaxLag.toSeconds() < 2 || controlPlaneMaxLag.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "controlPlaneMaxLag must be between 2s and 10m, was " + controlPlaneMaxLag);
        }
    }

    /** Plain HTTP on loopback with bearer tokens: the embedded default. */
    public static ConsumerGatewayConfig defaults(String bootstrapServers, String registryUrl, int port) {
        return new ConsumerGatewayConfig(
                DEFAULT_BIND_HOST,
                port,
                bootstrapServers,
                RegistryClientConfig.of(registryUrl),
                Optional.empty(),
                TokenSettings.defaults(TokenSettings.CONSUMER_GATEWAY_AUDIENCE),
                DEFAULT_CLIENT_BUFFER_EVENTS,
                DEFAULT_MAX_FEED_CLIENTS,
                DEFAULT_HEARTBEAT,
                DEFAULT_MAX_PAGE_SIZE,
                DEFAULT_MAX_SCAN_RECORDS,
                DEFAULT_SINCE_LOOKBACK,
                0,
                "liaison-consumer-gateway@" + hostName(),
                Map.of(),
                GatewayQuotas.DEFAULTS,
                DEFAULT_REST_READERS,
                DEFAULT_CONTROL_PLANE_MAX_LAG);
    }

    public ConsumerGatewayConfig withBindHost(String host) {
        return with(c -> c.bindHost = host);
    }

    /** The same settings with the registry reached as {@code settings} says (https trust, login). */
    public ConsumerGatewayConfig withRegistry(RegistryClientConfig settings) {
        return with(c -> c.registry = settings);
    }

    public ConsumerGatewayConfig withTls(TlsSettings settings) {
        return with(c -> c.tls = Optional.of(settings));
    }

    public ConsumerGatewayConfig withTokens(TokenSettings settings) {
        return with(c -> c.tokens = settings);
    }

    /** Per-client live buffer and the accepted sockets' send buffer: together they bound a slow client. */
    public ConsumerGatewayConfig withClientBuffers(int events, int socketSendBytes) {
        return with(c -> {
            c.clientBufferEvents = events;
            c.socketSendBufferBytes = socketSendBytes;
        });
    }

    public ConsumerGatewayConfig withKafkaOverrides(Map<String, Object> overrides) {
        return with(c -> c.kafkaOverrides = overrides);
    }

    public ConsumerGatewayConfig withControlPlaneMaxLag(Duration maxLag) {
        return with(c -> c.controlPlaneMaxLag = maxLag);
    }

    public ConsumerGatewayConfig withQuotas(GatewayQuotas limits) {
        return with(c -> c.quotas = limits);
    }

    /** These settings with {@code change} applied to a copy of them, validated again as a whole. */
    private ConsumerGatewayConfig with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /**
     * A mutable copy of every component, so each wither names only what it changes; the record's
     * constructor still validates the result.
     */
    private static final class Draft {
        String bindHost;
        int port;
        String bootstrapServers;
        RegistryClientConfig registry;
        Optional<TlsSettings> tls;
        TokenSettings tokens;
        int clientBufferEvents;
        int maxFeedClients;
        Duration heartbeatInterval;
        int maxPageSize;
        int maxScanRecords;
        Duration sinceLookback;
        int socketSendBufferBytes;
        String component;
        Map<String, Object> kafkaOverrides;
        GatewayQuotas quotas;
        int restReaders;
        Duration controlPlaneMaxLag;

        Draft(ConsumerGatewayConfig from) {
            bindHost = from.bindHost;
            port = from.port;
            bootstrapServers = from.bootstrapServers;
            registry = from.registry;
            tls = from.tls;
            tokens = from.tokens;
            clientBufferEvents = from.clientBufferEvents;
            maxFeedClients = from.maxFeedClients;
            heartbeatInterval = from.heartbeatInterval;
            maxPageSize = from.maxPageSize;
            maxScanRecords = from.maxScanRecords;
            sinceLookback = from.sinceLookback;
            socketSendBufferBytes = from.socketSendBufferBytes;
            component = from.component;
            kafkaOverrides = from.kafkaOverrides;
            quotas = from.quotas;
            restReaders = from.restReaders;
            controlPlaneMaxLag = from.controlPlaneMaxLag;
        }

        ConsumerGatewayConfig build() {
            return new ConsumerGatewayConfig(
                    bindHost,
                    port,
                    bootstrapServers,
                    registry,
                    tls,
                    tokens,
                    clientBufferEvents,
                    maxFeedClients,
                    heartbeatInterval,
                    maxPageSize,
                    maxScanRecords,
                    sinceLookback,
                    socketSendBufferBytes,
                    component,
                    kafkaOverrides,
                    quotas,
                    restReaders,
                    controlPlaneMaxLag);
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in the range " + min + " to " + max + ", was " + value);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
