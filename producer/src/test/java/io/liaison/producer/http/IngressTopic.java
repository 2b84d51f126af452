package io.liaison.producer.http;

import io.liaison.cluster.topics.Topics;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** An agency's ingress topic on a test broker: created if missing, read back in full, as the broker's super user over TLS. */
final class IngressTopic {
    private IngressTopic() {}

    static void create(EmbeddedKafkaBroker broker, String agency) throws InterruptedException {
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic(Topics.ingress(agency), 1, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.ingress(agency), e.getCause());
            }
        }
    }

    /** Every record on the topic now, from the beginning. */
    static List<ConsumerRecord<String, byte[]>> records(EmbeddedKafkaBroker broker, String agency) {
        Map<String, Object> props = broker.adminClientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ingress(agency)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    static long countWithKey(EmbeddedKafkaBroker broker, String agency, String key) {
        return records(broker, agency).stream().filter(r -> key.equals(r.key())).count();
    }
}
