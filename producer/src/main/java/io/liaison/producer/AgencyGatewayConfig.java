package io.liaison.producer;

import io.liaison.kernel.trust.AgencyIds;
import io.liaison.registry.RegistryClientConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one agency's gateway.
 *
 * @param agency            the agency this gateway publishes as (must match its signing certificate)
 * @param bootstrapServers  Kafka bootstrap servers
 * @param registry          the Confluent-API schema registry: URL, and for https its trust and login
 * @param maxMessageBytes   largest payload and envelope accepted, checked before signing (payload) and before sending (envelope)
 * @param deliveryTimeout   how long a publish waits for the broker's acknowledgement
 * @param autoRegisterSchemas whether unknown payload schemas are registered (false in production:
 *                          schemas are registered by the release process, the gateway only looks up)
 * @param kafkaOverrides    extra producer properties (security settings, tuning)
 * @param batchSigning      whether concurrent messages share one Merkle-batch signature
 */
public record AgencyGatewayConfig(
        String agency,
        String bootstrapServers,
        RegistryClientConfig registry,
        int maxMessageBytes,
        Duration deliveryTimeout,
        boolean autoRegisterSchemas,
        Map<String, String> kafkaOverrides,
        BatchSigning batchSigning) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024;
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    public AgencyGatewayConfig {
        AgencyIds.require(agency);
        requireText("bootstrapServers", bootstrapServers);
        Objects.requireNonNull(registry, "registry");
        if (maxMessageBytes < 1024 || maxMessageBytes > 8 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "maxMessageBytes must be between 1024 and 8388608, was " + maxMessageBytes);
        }
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        if (deliveryTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("deliveryTimeout must be at least 1s, was " + deliveryTimeout);
        }
        kafkaOverrides = Map.copyOf(kafkaOverrides);
        Objects.requireNonNull(batchSigning, "batchSigning");
    }

    public static AgencyGatewayConfig defaults(String agency, String bootstrapServers, String registryUrl) {
        return new AgencyGatewayConfig(
                agency,
                bootstrapServers,
                RegistryClientConfig.of(registryUrl),
                DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_DELIVERY_TIMEOUT,
                true,
                Map.of(),
                BatchSigning.DEFAULT);
    }

    public AgencyGatewayConfig withDeliveryTimeout(Duration timeout) {
        return new AgencyGatewayConfig(
                agency,
                bootstrapServers,
                registry,
                maxMessageBytes,
                timeout,
                autoRegisterSchemas,
                kafkaOverrides,
                batchSigning);
    }

    public AgencyGatewayConfig withMaxMessageBytes(int bytes) {
        return new AgencyGatewayConfig(
                agency,
                bootstrapServers,
                registry,
                bytes,
                deliveryTimeout,
                autoRegisterSchemas,
                kafkaOverrides,
                batchSigning);
    }

    /** The same settings with these producer properties added (security settings, tuning). */
    public AgencyGatewayConfig withKafkaOverrides(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(kafkaOverrides);
        merged.putAll(more);
        return new AgencyGatewayConfig(
                agency,
                bootstrapServers,
                registry,
                maxMessageBytes,
                deliveryTimeout,
                autoRegisterSchemas,
                merged,
                batchSigning);
    }

    /** The same settings with the registry reached as {@code settings} says (https trust, login). */
    public AgencyGatewayConfig withRegistry(RegistryClientConfig settings) {
        return new AgencyGatewayConfig(
                agency,
                bootstrapServers,
                settings,
                maxMessageBytes,
                deliveryTimeout,
                autoRegisterSchemas,
                kafkaOverrides,
                batchSigning);
    }

    public AgencyGatewayConfig withBatchSigning(BatchSigning settings) {
        return new AgencyGatewayConfig(
                agency,
                bootstrapServers,
                registry,
                maxMessageBytes,
                deliveryTimeout,
                autoRegisterSchemas,
                kafkaOverrides,
                settings);
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
