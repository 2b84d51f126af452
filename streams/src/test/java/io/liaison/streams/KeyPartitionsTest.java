package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** Pins {@link KeyPartitions} to the partitioner of the Kafka client the build uses. */
class KeyPartitionsTest {
    private static final long SEED = 20261207L;

    @Test
    void agreesWithKafkasDefaultPartitionerForMessageIdsAndRandomKeys() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = i % 2 == 0
                    ? new UUID(random.nextLong(), random.nextLong()).toString().getBytes(StandardCharsets.UTF_8)
                    : randomBytes(random, random.nextInt(0, 64));
            int partitions = random.nextInt(1, 257);
            assertThat(KeyPartitions.forKey(key, partitions))
                    .as("seed %d, key #%d, %d partitions", SEED, i, partitions)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void refusesANonPositivePartitionCount() {
        assertThatThrownBy(() -> KeyPartitions.forKey(new byte[] {1}, 0))
                .hasMessageContaining("partitions must be positive");
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
