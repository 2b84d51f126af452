package io.liaison.consumer;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agency SDK: reads the agency's inbox (read_committed, so only copies whose transaction
 * committed) and verifies every copy before handing it over. Refused copies are returned too, so
 * the caller can report them; they are never silently skipped. Not thread-safe (like KafkaConsumer).
 *
 * <pre>{@code
 * try (InboxConsumer inbox = InboxConsumer.connect("ice", bootstrap, registryUrl, trustStore)) {
 *     for (InboxItem item : inbox.poll(Duration.ofSeconds(1))) {
 *         if (item instanceof InboxItem.Verified v) {
 *             System.out.println(v.provenance().sender() + " " + v.payload());
 *         }
 *     }
 * }
 * }</pre>
 */
public final class InboxConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final CopyVerifier verifier;

    public InboxConsumer(String agency, Map<String, Object> kafkaProperties, CopyVerifier verifier) {
        this.consumer = new KafkaConsumer<>(kafkaProperties, new StringDeserializer(), new ByteArrayDeserializer());
        this.verifier = verifier;
        consumer.subscribe(Set.of(Topics.inbox(agency)));
    }

    /** Consumer group {@code <agency>.sdk}, reading from the beginning of the inbox on first use. */
    public static InboxConsumer connect(String agency, String bootstrapServers, String registryUrl, TrustStore trust) {
        return connect(agency, bootstrapServers, registryUrl, trust, Map.of());
    }

    public static InboxConsumer connect(
            String agency,
            String bootstrapServers,
            String registryUrl,
            TrustStore trust,
            Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, agency + ".sdk");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "liaison-sdk-" + agency);
        p.putAll(overrides);
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(registryUrl)), false);
        return new InboxConsumer(agency, p, new CopyVerifier(agency, trust, codec));
    }

    public List<InboxItem> poll(Duration timeout) {
        List<InboxItem> items = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            InboxItem item = verifier.verify(r);
            if (item instanceof InboxItem.Refused refused) {
                LOG.warn(
                        "refused copy {} at {}-{}@{}: {} {}",
                        refused.messageId(),
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        refused.reason(),
                        refused.detail());
            }
            items.add(item);
        }
        return items;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
