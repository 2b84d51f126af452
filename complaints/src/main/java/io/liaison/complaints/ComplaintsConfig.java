package io.liaison.complaints;

import io.liaison.web.auth.TlsSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the intake listens and what it tolerates.
 *
 * @param bindHost       address to listen on
 * @param port           TCP port (0: a free one)
 * @param tls            HTTPS settings, or empty for plain HTTP (the demo, on loopback only)
 * @param maxBodyBytes   largest request body; larger ones get 413 before anything is parsed
 * @param filingBurst    complaints one address may file at once
 * @param filingPeriod   the period over which {@code filingBurst} complaints are allowed again
 * @param lookupBurst    status and proof lookups one address may make at once
 * @param lookupPeriod   the period over which {@code lookupBurst} lookups are allowed again
 * @param maxAddresses   addresses tracked at once per limit
 * @param kafkaTimeout   how long a filing waits for Kafka before the resident is told to retry (503)
 */
public record ComplaintsConfig(
        String bindHost,
        int port,
        Optional<TlsSettings> tls,
        int maxBodyBytes,
        int filingBurst,
        Duration filingPeriod,
        int lookupBurst,
        Duration lookupPeriod,
        int maxAddresses,
        Duration kafkaTimeout) {
    public static final int DEFAULT_PORT = 8500;
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    public ComplaintsConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        Objects.requireNonNull(tls, "tls");
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
        Objects.requireNonNull(filingPeriod, "filingPeriod");
        Objects.requireNonNull(lookupPeriod, "lookupPeriod");
        Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
    }

    /** Five complaints an hour and sixty lookups a minute per address, 16 KiB bodies. */
    public static ComplaintsConfig defaults(String bindHost, int port, Optional<TlsSettings> tls) {
        return new ComplaintsConfig(
                bindHost,
                port,
                tls,
                DEFAULT_MAX_BODY_BYTES,
                5,
                Duration.ofHours(1),
                60,
                Duration.ofMinutes(1),
                100_000,
                Duration.ofSeconds(10));
    }

    public ComplaintsConfig withFilingLimit(int burst, Duration period) {
        return new ComplaintsConfig(
                bindHost,
                port,
                tls,
                maxBodyBytes,
                burst,
                period,
                lookupBurst,
                lookupPeriod,
                maxAddresses,
                kafkaTimeout);
    }
}
