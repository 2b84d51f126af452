package io.liaison.consumer;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.DecryptionKeys;
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
 * committed), opens every copy with the agency's own decryption key (its data key from the
 * agency's key topic) and verifies it before handing it over. Refused copies are returned too, so
 * the caller can report them; they are never silently skipped. Not thread-safe (like KafkaConsumer).
 *
 * <pre>{@code
 * DecryptionKeys keys = PkiDirectory.at(dir).decryptionKeys("ice", EncryptionRole.AGENCY, Optional.empty());
 * try (InboxConsumer inbox = InboxConsumer.connect("ice", bootstrap, registryUrl, trustStore, keys)) {
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
    private final KeyTopic keyTopic;

    /** Reads {@code verifier}'s agency's inbox; {@code keyTopic} (its data keys) is closed with it. */
    public InboxConsumer(Map<String, Object> kafkaProperties, CopyVerifier verifier, KeyTopic keyTopic) {
        this.consumer = new KafkaConsumer<>(kafkaProperties, new StringDeserializer(), new ByteArrayDeserializer());
        this.verifier = verifier;
        this.keyTopic = keyTopic;
        consumer.subscribe(Set.of(Topics.inbox(verifier.agency())));
    }

    /** Consumer group {@code <agency>.sdk}, reading from the beginning of the inbox on first use. */
    public static InboxConsumer connect(
            String agency, String bootstrapServers, String registryUrl, TrustStore trust, DecryptionKeys keys) {
        return connect(agency, bootstrapServers, registryUrl, trust, keys, Map.of());
    }

    /** @param keys the agency's own decryption keys: no other agency's copy opens with them */
    public static InboxConsumer connect(
            String agency,
            String bootstrapServers,
            String registryUrl,
            TrustStore trust,
            DecryptionKeys keys,
            Map<String, Object> overrides) {
        if (!keys.owner().equals(agency)) {
            throw new IllegalArgumentException(
                    "the inbox of " + agency + " is opened with " + agency + "'s keys, not " + keys.owner() + "'s");
        }
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, agency + ".sdk");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "liaison-sdk-" + agency);
        p.putAll(overrides);
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(registryUrl)), false);
        KeyTopic dataKeys = KeyTopic.open(Topics.keys(agency), p, KeyTopic.DEFAULT_MAX_WAIT);
        return new InboxConsumer(p, new CopyVerifier(keys, dataKeys, trust, codec), dataKeys);
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
        keyTopic.close();
    }
}
