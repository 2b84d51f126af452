package io.liaison.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the registry is and how long to wait for it.
 *
 * @param baseUrl the Confluent-API base, e.g. {@code http://127.0.0.1:8081} for Confluent or
 *     {@code http://127.0.0.1:PORT/apis/ccompat/v7} for Apicurio; http or https, no trailing slash needed
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for each reply
 */
public record RegistryClientConfig(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public RegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl must be set");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, was: " + baseUrl);
        }
        baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
    }

    /** The given URL with the default timeouts. */
    public static RegistryClientConfig of(String baseUrl) {
        return new RegistryClientConfig(parse(baseUrl), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    private static URI parse(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl must be set");
        try {
            return URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + baseUrl, e);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was: " + value);
        }
    }
}
