package io.liaison.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: a Kafka Streams app that copies records from one input topic per publishing agency
 * to one output topic, exactly-once v2, on the same broker with the backbone's Streams settings
 * (one thread, 100 ms commits), fed the very same sealed records. What the backbone costs is its
 * throughput against this one's.
 */
final class PassthroughBaseline implements AutoCloseable {
    static final String INPUT_PREFIX = "bench.passthrough.in.";
    static final String OUTPUT = "bench.passthrough.out";

    private final KafkaStreams streams;

    private PassthroughBaseline(KafkaStreams streams) {
        this.streams = streams;
    }

    static String input(String agency) {
        return INPUT_PREFIX + agency;
    }

    /**
     * Creates its topics ({@code partitions} each) and starts; returns once the app is RUNNING.
     *
     * @param client bootstrap servers and the login of a principal that may create topics and run transactions
     */
    static PassthroughBaseline start(Map<String, Object> client, Collection<String> agencies, int partitions, Path stateDir) {
        try (Admin admin = Admin.create(client)) {
            List<NewTopic> topics = new ArrayList<>();
            agencies.forEach(a -> topics.add(new NewTopic(input(a), partitions, (short) 1)));
            topics.add(new NewTopic(OUTPUT, partitions, (short) 1));
            admin.createTopics(topics).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the passthrough topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the passthrough topics: " + e.getCause().getMessage(), e);
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Pattern.compile(Pattern.quote(INPUT_PREFIX) + ".+"), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.putAll(client);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "liaison-bench-passthrough");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        streams.start();
        PassthroughBaseline baseline = new PassthroughBaseline(streams);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                baseline.close();
                throw new IllegalStateException("the passthrough app did not reach RUNNING (state " + streams.state() + ")");
            }
            sleepBriefly();
        }
        return baseline;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the passthrough app", e);
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
