package io.liaison.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.liaison.cluster.security.CredentialStore;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dir;

    @Test
    void recordsWrittenBeforeARestartAreReadAfterIt() throws Exception {
        BrokerConfig config = BrokerConfig.ephemeral(
                dir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(dir.resolve("pki")),
                        CredentialStore.at(dir.resolve("secrets")),
                        Clock.systemUTC()));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            try (Admin admin = Admin.create(broker.adminClientProperties())) {
                admin.createTopics(List.of(new NewTopic("restart-check", 1, (short) 1)))
                        .all()
                        .get();
            }
            Map<String, Object> p = broker.adminClientProperties();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart-check", "k", "before restart"))
                        .get();
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        consumerProperties(broker), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of("restart-check"));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
            assertThat(values).containsExactly("before restart");
        }
    }

    private static Map<String, Object> consumerProperties(EmbeddedKafkaBroker broker) {
        Map<String, Object> p = new HashMap<>(broker.adminClientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }
}
