package io.liaison.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where the registry is, how long to wait for it, and how to reach it safely.
 *
 * @param baseUrl the Confluent-API base, e.g. {@code https://schema-registry:8081} for Confluent or
 *     {@code http://127.0.0.1:PORT/apis/ccompat/v7} for Apicurio; http or https, no trailing slash needed
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for each reply
 * @param tls     for https: the TLS context whose trust managers check the registry's certificate
 *                (host name checked too); empty uses the JDK's default trust
 * @param login   HTTP basic authentication; only over https, so the password never travels in clear
 */
public record RegistryClientConfig(
        URI baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        Optional<SSLContext> tls,
        Optional<BasicLogin> login) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A user name and password for HTTP basic authentication.
     *
     * @param user     the registry user; no {@code :}
     * @param password its password; never printed
     */
    public record BasicLogin(String user, String password) {
        public BasicLogin {
            if (user == null || user.isBlank() || user.contains(":")) {
                throw new IllegalArgumentException("registry user must be set and contain no ':', was '" + user + "'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("password of registry user " + user + " must not be empty");
            }
        }

        @Override
        public String toString() {
            return "BasicLogin[" + user + ", password [hidden]]";
        }
    }

    public RegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl must be set");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, was: " + baseUrl);
        }
        baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(login, "login");
        if (login.isPresent() && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "the registry login of " + login.get().user() + " needs an https baseUrl, was: " + baseUrl
                            + " (basic authentication over http would send the password in clear)");
        }
    }

    /** Plain settings without TLS context or login. */
    public RegistryClientConfig(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, connectTimeout, requestTimeout, Optional.empty(), Optional.empty());
    }

    /** The given URL with the default timeouts. */
    public static RegistryClientConfig of(String baseUrl) {
        return new RegistryClientConfig(parse(baseUrl), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** The same settings, trusting the registry's certificate through {@code context}. */
    public RegistryClientConfig withTls(SSLContext context) {
        return new RegistryClientConfig(baseUrl, connectTimeout, requestTimeout, Optional.of(context), login);
    }

    /** The same settings, logging in with {@code basic}. */
    public RegistryClientConfig withLogin(BasicLogin basic) {
        return new RegistryClientConfig(baseUrl, connectTimeout, requestTimeout, tls, Optional.of(basic));
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
