package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.registry.RegistryClientConfig;
import io.liaison.web.auth.TokenSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerGatewayConfigTest {
    private static ConsumerGatewayConfig defaults() {
        return ConsumerGatewayConfig.defaults("localhost:9092", "http://127.0.0.1:8081/apis/ccompat/v7", 0);
    }

    @Test
    void defaultsListenOnLoopbackWithTokens() {
        ConsumerGatewayConfig config = defaults();
        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.tls()).isEmpty();
        assertThat(config.tokens().enabled()).isTrue();
        assertThat(config.component()).startsWith("liaison-consumer-gateway@");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ConsumerGatewayConfig.defaults("", "http://r", 0))
                .hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> ConsumerGatewayConfig.defaults("b:1", "http://r", 70000))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> defaults().withClientBuffers(0, 0)).hasMessageContaining("clientBufferEvents");
        assertThatThrownBy(() -> defaults().withClientBuffers(10, -1)).hasMessageContaining("socketSendBufferBytes");
        assertThatThrownBy(() -> defaults().withBindHost(" ")).hasMessageContaining("bindHost");
    }

    @Test
    void quotasAndTheRestScanBudgetHaveBoundedDefaultsAndBadValuesNameTheKey() {
        ConsumerGatewayConfig config = defaults();
        assertThat(config.quotas()).isEqualTo(new GatewayQuotas(4, 50, 60));
        assertThat(config.maxScanRecords()).isEqualTo(2_000);
        assertThat(config.restReaders()).isEqualTo(4);
        assertThat(config.controlPlaneMaxLag()).hasSeconds(30);

        assertThatThrownBy(() -> new GatewayQuotas(0, 50, 60)).hasMessageStartingWith("quotas.feedsPerSubject");
        assertThatThrownBy(() -> new GatewayQuotas(5, 4, 60)).hasMessageStartingWith("quotas.feedsPerAgency");
        assertThatThrownBy(() -> new GatewayQuotas(4, 50, 0))
                .hasMessageStartingWith("quotas.requestsPerMinutePerSubject");
        assertThatThrownBy(() -> defaults().withQuotas(new GatewayQuotas(4, 500, 60)))
                .hasMessageStartingWith("quotas.feedsPerAgency must be at most maxFeedClients (200)");
    }

    @Test
    void aRestPageMayNotScanMoreThanTenThousandRecords() {
        ConsumerGatewayConfig d = defaults();
        assertThatThrownBy(() -> new ConsumerGatewayConfig(
                        d.bindHost(),
                        d.port(),
                        d.bootstrapServers(),
                        d.registry(),
                        d.tls(),
                        d.tokens(),
                        d.clientBufferEvents(),
                        d.maxFeedClients(),
                        d.heartbeatInterval(),
                        d.maxPageSize(),
                        20_000,
                        d.sinceLookback(),
                        d.socketSendBufferBytes(),
                        d.component(),
                        d.kafkaOverrides(),
                        d.quotas(),
                        d.restReaders(),
                        d.controlPlaneMaxLag()))
                .hasMessage("maxScanRecords must be in the range 500 to 10000, was 20000");
    }

    @Test
    void withoutTlsTokensCannotBeSwitchedOff() {
        assertThatThrownBy(() -> defaults().withTokens(TokenSettings.disabled(TokenSettings.CONSUMER_GATEWAY_AUDIENCE)))
                .hasMessageContaining("tokens.enabled is false and tls is not set");
    }

    @Test
    void tokensForAnotherServiceAreRefusedAtStartUp() {
        assertThatThrownBy(() -> defaults().withTokens(TokenSettings.defaults(TokenSettings.AGENCY_GATEWAY_AUDIENCE)))
                .hasMessageContaining("tokens.audience must be " + TokenSettings.CONSUMER_GATEWAY_AUDIENCE);
    }

    @Test
    void kafkaOverridesAreCopied() {
        Map<String, Object> overrides = new HashMap<>(Map.of("security.protocol", "SSL"));
        ConsumerGatewayConfig config = defaults().withKafkaOverrides(overrides);
        overrides.clear();
        assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void eachWitherChangesItsOwnSettingsAndKeepsEveryOther() {
        ConsumerGatewayConfig base = defaults();
        RegistryClientConfig registry = RegistryClientConfig.of("http://registry.example:8081/apis/ccompat/v7");
        TokenSettings tokens = new TokenSettings(
                true, Duration.ofHours(1), Duration.ofSeconds(5), TokenSettings.CONSUMER_GATEWAY_AUDIENCE);
        GatewayQuotas quotas = new GatewayQuotas(2, 20, 30);

        ConsumerGatewayConfig changed = base.withBindHost("0.0.0.0")
                .withRegistry(registry)
                .withTokens(tokens)
                .withClientBuffers(64, 4096)
                .withKafkaOverrides(Map.of("linger.ms", "5"))
                .withControlPlaneMaxLag(Duration.ofSeconds(10))
                .withQuotas(quotas);

        assertThat(changed)
                .isEqualTo(new ConsumerGatewayConfig(
                        "0.0.0.0",
                        base.port(),
                        base.bootstrapServers(),
                        registry,
                        base.tls(),
                        tokens,
                        64,
                        base.maxFeedClients(),
                        base.heartbeatInterval(),
                        base.maxPageSize(),
                        base.maxScanRecords(),
                        base.sinceLookback(),
                        4096,
                        base.component(),
                        Map.of("linger.ms", "5"),
                        quotas,
                        base.restReaders(),
                        Duration.ofSeconds(10)));
    }
}
