package io.liaison.bench.pipeline;

import io.liaison.cluster.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's gateways on the wire: one producer per publishing agency, logged in as that
 * agency (the broker lets only it write its ingress topic), configured like a gateway's (acks=all,
 * idempotent) with batches large enough for a backlog. Or, for the passthrough, one producer for all.
 */
final class IngressProducers implements AutoCloseable {
    private final Map<String, Producer<String, byte[]>> byAgency;
    private final Producer<String, byte[]> single;

    /** @param clientOf bootstrap servers and login of an agency */
    IngressProducers(Set<String> agencies, Function<String, Map<String, Object>> clientOf) {
        Map<String, Producer<String, byte[]>> producers = new HashMap<>();
        agencies.forEach(a -> producers.put(a, producer(clientOf.apply(a), "liaison-bench-" + a)));
        this.byAgency = Map.copyOf(producers);
        this.single = null;
    }

    private IngressProducers(Producer<String, byte[]> single) {
        this.byAgency = Map.of();
        this.single = single;
    }

    /** One producer for every topic, logged in as {@code client}'s principal. */
    static IngressProducers single(Map<String, Object> client) {
        return new IngressProducers(producer(client, "liaison-bench-passthrough"));
    }

    void send(ProducerRecord<String, byte[]> record, Callback callback) {
        Producer<String, byte[]> producer = single != null ? single : byAgency.get(Topics.ingressOwner(record.topic()));
        producer.send(record, callback);
    }

    void flush() {
        if (single != null) {
            single.flush();
        }
        byAgency.values().forEach(Producer::flush);
    }

    @Override
    public void close() {
        if (single != null) {
            single.close();
        }
        byAgency.values().forEach(Producer::close);
    }

    private static Producer<String, byte[]> producer(Map<String, Object> client, String clientId) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
