package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestServerConfigTest {
    @Test
    void theControlPlaneLagDefaultsToHalfAMinuteAndABadOneIsRefusedByName() {
        assertThat(IngestServerConfig.defaults(0).controlPlaneMaxLag()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> IngestServerConfig.defaults(0).withControlPlaneMaxLag(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("controlPlaneMaxLag must be between 2s and 10m");
        assertThatThrownBy(() -> IngestServerConfig.defaults(0).withControlPlaneMaxLag(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("controlPlaneMaxLag");
    }
}
