package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class BackboneServiceTest {
    @Test
    void theBackboneRunsExactlyOnceWithTheProcessingSettingsTheBenchBaselinesShare() {
        Properties p = BackboneService.properties(StreamsAppConfig.embedded("localhost:9092", Path.of("state")));

        assertThat(p).containsAllEntriesOf(BackboneService.processingSettings());
        assertThat(new StreamsConfig(p).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }
}
