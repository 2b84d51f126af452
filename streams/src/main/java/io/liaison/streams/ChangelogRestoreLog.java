package io.liaison.streams;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in one line that local state is being rebuilt from the changelog topics: once each time the
 * instance has stores to restore before it is RUNNING again, not once per store partition (Streams
 * restores them a few at a time, one round after another).
 *
 * <p>Why it exists: after an unclean stop (kill -9, a crashed host) an exactly-once instance finds
 * its stores without the offsets a clean close records and cannot tell committed from uncommitted
 * state, so Kafka Streams discards them and restores them from their changelogs. That is the
 * designed recovery, and nothing committed is lost, but Streams' TaskManager reports it as an ERROR
 * listing a {@code TaskCorruptedException} for every task. The CLI's log4j2.properties drops that
 * ERROR (only when every exception in it is a {@code TaskCorruptedException}); this line says what
 * happens instead.
 */
final class ChangelogRestoreLog implements StateRestoreListener, KafkaStreams.StateListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChangelogRestoreLog.class);

    private boolean said;

    @Override
    public synchronized void onRestoreStart(
            TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        if (!said) {
            said = true;
            LOG.info(
                    "restoring local state from the changelog topics before processing resumes ({} from {}, offsets"
                            + " {} to {}, and any other store that needs it): after an unclean stop this is how Kafka"
                            + " Streams rebuilds exactly-once state it cannot trust (it reports TaskCorruptedException);"
                            + " nothing committed is lost",
                    store,
                    changelog,
                    startingOffset,
                    endingOffset);
        }
        LOG.debug("restoring {} from {}, offsets {} to {}", store, changelog, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {}

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        LOG.debug("restored {} from {}: {} records", store, changelog, totalRestored);
    }

    /** RUNNING: every store of every task is restored; the next restoration is news again. */
    @Override
    public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.RUNNING) {
            said = false;
        }
    }
}
