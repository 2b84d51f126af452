package io.liaison.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioRegistryConfigTest {

    @TempDir
    Path home;

    private ApicurioRegistryConfig valid() throws Exception {
        Files.createFile(home.resolve(ApicurioRegistryConfig.RUNNER_JAR));
        return new ApicurioRegistryConfig(home, home.resolve("data"), 0, Duration.ofSeconds(30), 256);
    }

    @Test
    void aHomeWithoutTheRunnerJarIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> new ApicurioRegistryConfig(home, home, 0, Duration.ofSeconds(30), 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ApicurioRegistryConfig.RUNNER_JAR)
                .hasMessageContaining("liaison.registry.home");
    }

    @Test
    void invalidFieldsAreRejectedByName() throws Exception {
        ApicurioRegistryConfig config = valid();

        assertThatThrownBy(() -> config.withPort(70_000)).hasMessageStartingWith("port must be in the range 0..65535");
        assertThatThrownBy(() -> new ApicurioRegistryConfig(home, home, 0, Duration.ZERO, 256))
                .hasMessageStartingWith("startupTimeout must be a positive duration");
        assertThatThrownBy(() -> new ApicurioRegistryConfig(home, home, 0, Duration.ofSeconds(1), 64))
                .hasMessageStartingWith("maxHeapMb must be at least 128");
        assertThatThrownBy(() -> new ApicurioRegistryConfig(home, home.resolve("a;b"), 0, Duration.ofSeconds(1), 256))
                .hasMessageStartingWith("dataDir must not contain ';'");
        assertThat(config.withPort(8081).port()).isEqualTo(8081);
    }

    @Test
    void theHomePropertyIsRequiredForDefaults() {
        String saved = System.clearProperty(ApicurioRegistryConfig.HOME_PROPERTY);
        try {
            assertThatThrownBy(() -> ApicurioRegistryConfig.defaults(home))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("System property liaison.registry.home is not set");
        } finally {
            if (saved != null) {
                System.setProperty(ApicurioRegistryConfig.HOME_PROPERTY, saved);
            }
        }
    }
}
