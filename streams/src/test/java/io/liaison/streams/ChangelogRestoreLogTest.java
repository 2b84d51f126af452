package io.liaison.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

class ChangelogRestoreLogTest {
    private static final String STORE = LiaisonTopology.REPLAY_STORE;

    private static TopicPartition changelog(int partition) {
        return new TopicPartition("liaison-backbone-" + STORE + "-changelog", partition);
    }

    @Test
    void everyStoreRestoredBeforeTheInstanceRunsIsOneLineThatSaysTheRecoveryIsExpected() {
        ChangelogRestoreLog restores = new ChangelogRestoreLog();
        try (LogCapture log = LogCapture.of(ChangelogRestoreLog.class, Level.INFO)) {
            restores.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.CREATED);
            // one round after another, as Streams restores them
            for (int p = 0; p < 3; p++) {
                restores.onRestoreStart(changelog(p), STORE, 0, 120);
                restores.onRestoreEnd(changelog(p), STORE, 120);
            }
            restores.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

            assertThat(log.messages())
                    .containsExactly("restoring local state from the changelog topics before processing resumes"
                            + " (accepted-message-ids from liaison-backbone-accepted-message-ids-changelog-0,"
                            + " offsets 0 to 120, and any other store that needs it): after an unclean stop this is"
                            + " how Kafka Streams rebuilds exactly-once state it cannot trust (it reports"
                            + " TaskCorruptedException); nothing committed is lost");
        }
    }

    @Test
    void aRestorationAfterTheInstanceRanIsALineOfItsOwn() {
        ChangelogRestoreLog restores = new ChangelogRestoreLog();
        try (LogCapture log = LogCapture.of(ChangelogRestoreLog.class, Level.INFO)) {
            restores.onRestoreStart(changelog(0), STORE, 0, 10);
            restores.onRestoreEnd(changelog(0), STORE, 10);
            restores.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            restores.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);
            restores.onRestoreStart(changelog(1), STORE, 0, 10);

            assertThat(log.messages()).hasSize(2);
        }
    }
}
