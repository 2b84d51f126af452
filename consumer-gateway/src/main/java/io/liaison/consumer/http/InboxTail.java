package io.liaison.consumer.http;

import io.liaison.cluster.topics.Topics;
import io.liaison.consumer.CopyVerifier;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live end of one agency's inbox: a single read_committed consumer that verifies each new copy
 * once and offers the rendered event to every subscribed client's buffer. Offering never blocks,
 * so the tail runs at the pace of Kafka whatever the clients do.
 *
 * <p>It starts at the end of the log and resolves that position before it is returned, so a
 * client that subscribes and then reads the end offsets misses nothing between the two: every
 * record below those offsets it reads itself, every record at or above them this tail hands it.
 */
final class InboxTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxTail.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RETRY_BACKOFF_MILLIS = 500;

    private final String agency;
    private final int partitions;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaClientMetrics consumerMetrics;
    private final CopyVerifier verifier;
    private final GatewayMetrics metrics;
    private final Set<FeedSubscription> subscriptions = new CopyOnWriteArraySet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private InboxTail(
            String agency,
            int partitions,
            KafkaConsumer<String, byte[]> consumer,
            CopyVerifier verifier,
            GatewayMetrics metrics) {
        this.agency = agency;
        this.partitions = partitions;
        this.consumer = consumer;
        this.consumerMetrics = metrics.bindClient(consumer);
        this.verifier = verifier;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "liaison-gateway-tail-" + agency);
        this.thread.setDaemon(true);
    }

    static InboxTail start(
            String agency, int partitions, KafkaClients clients, CopyVerifier verifier, GatewayMetrics metrics) {
        KafkaConsumer<String, byte[]> consumer =
                clients.consumer("tail-" + agency, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(Topics.inbox(agency), p))
                .toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position); // resolve the end now, not at the first poll: see the class comment
        InboxTail tail = new InboxTail(agency, partitions, consumer, verifier, metrics);
        tail.thread.start();
        return tail;
    }

    String agency() {
        return agency;
    }

    int partitions() {
        return partitions;
    }

    void subscribe(FeedSubscription subscription) {
        subscriptions.add(subscription);
    }

    void unsubscribe(FeedSubscription subscription) {
        subscriptions.remove(subscription);
    }

    boolean healthy() {
        return failure == null && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                Map<TopicPartition, Long> undispatched = new HashMap<>();
                batch.partitions()
                        .forEach(tp ->
                                undispatched.put(tp, batch.records(tp).get(0).offset()));
                dispatchAll(batch, undispatched);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("the live tail of {} stopped; its clients are dropped and may resume", Topics.inbox(agency), e);
            subscriptions.forEach(
                    s -> s.buffer().abort("the gateway's live tail of this inbox stopped; reconnect to resume"));
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Verifies and offers each record. A record that cannot be verified now (e.g. the registry is
     * down) is not skipped: every partition of the batch is rewound to its first record not yet
     * offered, and the next poll, after a back-off, fetches them again.
     */
    private void dispatchAll(ConsumerRecords<String, byte[]> batch, Map<TopicPartition, Long> undispatched) {
        for (TopicPartition tp : batch.partitions()) {
            for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
                InboxEvent event;
                try {
                    event = InboxReader.render(verifier, r);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "cannot verify {}-{}@{} now, retrying: {}",
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            e.toString());
                    undispatched.forEach(consumer::seek);
                    backOff();
                    return;
                }
                (event instanceof InboxEvent.Message ? metrics.copiesVerified : metrics.copiesRefused).increment();
                for (FeedSubscription s : subscriptions) {
                    if (s.wants(event)) {
                        s.buffer().offer(event);
                    }
                }
                undispatched.put(tp, r.offset() + 1);
            }
        }
    }

    private void backOff() {
        try {
            Thread.sleep(RETRY_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumerMetrics.close();
    }
}
