package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfferScheduleTest {
    private static final long START = 5_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void messagesAreDueEvenlyAtTheOfferedRate() {
        OfferSchedule s = new OfferSchedule(1000, START, 10_000);
        assertThat(s.dueNanos(0)).isEqualTo(START);
        assertThat(s.dueNanos(1)).isEqualTo(START + MS);
        assertThat(s.dueNanos(2500)).isEqualTo(START + 2500 * MS);
    }

    @Test
    void dueByCountsEveryMessageWhoseTimeHasCome() {
        OfferSchedule s = new OfferSchedule(1000, START, 10_000);
        assertThat(s.dueBy(START - 1)).isZero();
        assertThat(s.dueBy(START)).isEqualTo(1);
        assertThat(s.dueBy(START + 20 * MS)).isEqualTo(21);
        assertThat(s.dueBy(START + 20 * MS - 1)).isEqualTo(20);
    }

    @Test
    void dueByNeverExceedsThePhase() {
        OfferSchedule s = new OfferSchedule(1000, START, 50);
        assertThat(s.dueBy(START + 60_000 * MS)).isEqualTo(50);
        assertThat(s.finished(49)).isFalse();
        assertThat(s.finished(50)).isTrue();
    }

    @Test
    void aLowRateSpreadsMessagesOverSeconds() {
        OfferSchedule s = new OfferSchedule(2.5, START, 100);
        assertThat(s.dueNanos(5)).isEqualTo(START + 2000 * MS);
        assertThat(s.dueBy(START + 1999 * MS)).isEqualTo(5);
    }

    @Test
    void nonPositiveRatesAndEmptyPhasesAreRefused() {
        assertThatThrownBy(() -> new OfferSchedule(0, START, 1)).hasMessageContaining("messagesPerSecond");
        assertThatThrownBy(() -> new OfferSchedule(Double.NaN, START, 1)).hasMessageContaining("messagesPerSecond");
        assertThatThrownBy(() -> new OfferSchedule(10, START, 0)).hasMessageContaining("messages must be at least 1");
    }
}
