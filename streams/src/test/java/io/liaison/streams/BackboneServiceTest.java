package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class BackboneServiceTest {
    @Test
    void theBackboneRunsExactlyOnceAndWritesInBatchesOfUpTo256KiB() {
        Properties p = BackboneService.properties(StreamsAppConfig.embedded("localhost:9092", Path.of("state")));

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG)))
                .isEqualTo(256 * 1024);
        assertThat(new StreamsConfig(p).getProducerConfigs("backbone").get(ProducerConfig.BATCH_SIZE_CONFIG))
                .as("what the Streams producer is given")
                .isEqualTo(256 * 1024);
    }
}
