package io.liaison.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void portsTakenTogetherAreDistinct() {
        List<Integer> ports = EmbeddedKafkaBroker.freePorts(64);

        assertThat(ports).hasSize(64).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
    }
}
