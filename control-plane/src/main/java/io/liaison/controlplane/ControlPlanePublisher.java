package io.liaison.controlplane;

import io.liaison.cluster.topics.Topics;
import io.liaison.pki.TrustItem;
import io.liaison.pki.TrustItems;
import io.liaison.policy.PolicyProposal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes trust items and policy proposals to their compacted topics, for the PKI admin, the policy
 * approvers and the embedded default. Each write is acknowledged by all in-sync replicas before
 * the call returns.
 */
public final class ControlPlanePublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public ControlPlanePublisher(String bootstrapServers, Map<String, Object> clientOverrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "liaison-control-plane-publisher");
        p.putAll(clientOverrides);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void publishTrust(Collection<TrustItem> items) {
        for (TrustItem item : items) {
            send(Topics.TRUST, TrustItems.topicKey(item), TrustItems.encode(item));
        }
    }

    public void publishPolicy(PolicyProposal proposal) {
        send(Topics.POLICY, proposal.version(), proposal.toBytes());
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
