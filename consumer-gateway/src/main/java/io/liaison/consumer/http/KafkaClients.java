package io.liaison.consumer.http;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/** The gateway's Kafka clients, all built from the same bootstrap servers and overrides. */
final class KafkaClients {
    private final String bootstrapServers;
    private final Map<String, Object> overrides;

    KafkaClients(String bootstrapServers, Map<String, Object> overrides) {
        this.bootstrapServers = bootstrapServers;
        this.overrides = Map.copyOf(overrides);
    }

    /** A group-less consumer (the gateway assigns partitions and keeps positions in event ids), read_committed. */
    <K> KafkaConsumer<K, byte[]> consumer(String purpose, Deserializer<K> keys, Deserializer<byte[]> values) {
        return new KafkaConsumer<>(consumerProperties(purpose), keys, values);
    }

    /** The properties of {@link #consumer}. */
    Map<String, Object> consumerProperties(String purpose) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "liaison-gateway-" + purpose);
        p.putAll(overrides);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    /** The audit producer: idempotent, acks=all, so a recorded decision is neither lost nor doubled. */
    KafkaProducer<byte[], byte[]> auditProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "liaison-gateway-audit");
        p.putAll(overrides);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    Admin admin(String purpose) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "liaison-gateway-" + purpose);
        overrides.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        return Admin.create(p);
    }
}
