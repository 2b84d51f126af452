package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FeedCursorTest {
    @Test
    void encodesTheNextOffsetOfEveryPartitionInOrder() {
        FeedCursor cursor = FeedCursor.of(Map.of(0, 15L, 1, 7L, 2, 22L), 3);
        assertThat(cursor.encode()).isEqualTo("15.7.22");
    }

    @Property(tries = 200)
    void parsingAnEncodedCursorGivesItBack(@ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = Long.MAX_VALUE) Long> offsets) {
        Map<Integer, Long> byPartition = new HashMap<>();
        for (int p = 0; p < offsets.size(); p++) {
            byPartition.put(p, offsets.get(p));
        }
        String encoded = FeedCursor.of(byPartition, offsets.size()).encode();
        assertThat(FeedCursor.parse(encoded, offsets.size()).encode()).isEqualTo(encoded);
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
        assertThatThrownBy(() -> FeedCursor.parse("1.2", 3)).hasMessageContaining("names 2 partitions, the inbox has 3");
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
