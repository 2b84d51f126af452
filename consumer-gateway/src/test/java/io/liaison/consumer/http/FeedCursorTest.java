package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FeedCursorTest {
    /** Try {@code i} of the round-trip property runs on {@code new SplittableRandom(BASE_SEED + i)}. */
    private static final long BASE_SEED = 0x1A15_0000_0001L;

    private static final int TRIES = 200;
    private static final long[] EDGE_OFFSETS = {0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};

    static LongStream roundTripSeeds() {
        return LongStream.range(0, TRIES).map(i -> BASE_SEED + i);
    }

    @Test
    void encodesTheNextOffsetOfEveryPartitionInOrder() {
        FeedCursor cursor = FeedCursor.of(Map.of(0, 15L, 1, 7L, 2, 22L), 3);
        assertThat(cursor.encode()).isEqualTo("15.7.22");
    }

    /** 1 to 8 partitions, each at an offset in [0, Long.MAX_VALUE]: edge values, small ones or any. */
    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("roundTripSeeds")
    void parsingAnEncodedCursorGivesItBack(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int partitions = 1 + random.nextInt(8);
        Map<Integer, Long> byPartition = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.put(
                    p,
                    switch (random.nextInt(4)) {
                        case 0 -> EDGE_OFFSETS[random.nextInt(EDGE_OFFSETS.length)];
                        case 1 -> random.nextLong(1_000);
                        default -> random.nextLong(Long.MAX_VALUE);
                    });
        }
        String encoded = FeedCursor.of(byPartition, partitions).encode();
        String what = "seed " + seed + ", offsets " + byPartition;
        assertThatCode(() -> FeedCursor.parse(encoded, partitions)).as(what).doesNotThrowAnyException();
        assertThat(FeedCursor.parse(encoded, partitions).encode()).as(what).isEqualTo(encoded);
    }

    @Test
    void aRecordIsAheadUntilTheCursorHasPassedIt() {
        FeedCursor cursor = FeedCursor.of(Map.of(0, 5L, 1, 0L), 2);
        assertThat(cursor.isAhead(0, 4)).isFalse();
        assertThat(cursor.isAhead(0, 5)).isTrue();
        cursor.advancePast(0, 5);
        assertThat(cursor.isAhead(0, 5)).isFalse();
        assertThat(cursor.encode()).isEqualTo("6.0");
    }

    @Test
    void neverMovesBackward() {
        FeedCursor cursor = FeedCursor.of(Map.of(0, 10L), 1);
        cursor.advancePast(0, 3);
        cursor.advanceTo(0, 8);
        assertThat(cursor.next(0)).isEqualTo(10);
    }

    @Test
    void hasReachedTheEndsWhenEveryPartitionIsAtOrPastItsEnd() {
        FeedCursor cursor = FeedCursor.of(Map.of(0, 3L, 1, 9L), 2);
        assertThat(cursor.reached(Map.of(0, 3L, 1, 9L))).isTrue();
        assertThat(cursor.reached(Map.of(0, 4L, 1, 9L))).isFalse();
    }

    @Test
    void refusesMalformedIdsSayingWhy() {
        assertThatThrownBy(() -> FeedCursor.parse("1.2", 3))
                .hasMessageContaining("names 2 partitions, the inbox has 3");
        assertThatThrownBy(() -> FeedCursor.parse("1.x.3", 3)).hasMessageContaining("position 1 ('x') is not a number");
        assertThatThrownBy(() -> FeedCursor.parse("1.-2.3", 3)).hasMessageContaining("position 1 is negative");
        assertThatThrownBy(() -> FeedCursor.parse(" ", 3)).hasMessageContaining("empty");
    }

    @Test
    void copiesAreIndependent() {
        FeedCursor cursor = FeedCursor.of(Map.of(0, 1L), 1);
        FeedCursor copy = cursor.copy();
        copy.advancePast(0, 10);
        assertThat(cursor.encode()).isEqualTo("1");
    }
}
