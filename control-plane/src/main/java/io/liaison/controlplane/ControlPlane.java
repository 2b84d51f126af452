package io.liaison.controlplane;

import io.liaison.pki.PkiException;
import io.liaison.pki.TrustAnchor;
import io.liaison.pki.TrustItems;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.PolicyProposal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running backbone's trust store and policy current from the compacted {@code trust}
 * and {@code policy} topics, without a restart: a certificate or revocation published there takes
 * effect within a poll (about a second). Trust items are checked against the CA the backbone was
 * started with, never against one read from the topic; policy versions must be approved by the
 * current version's approvers ({@link PolicyHolder}). Items that fail are logged and skipped: the
 * previous trust and policy stay in force.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TrustStore trust;
    private final TrustAnchor anchor;
    private final PolicyHolder policy;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;

    public ControlPlane(String bootstrapServers, Map<String, Object> clientOverrides, TrustStore trust,
                        TrustAnchor anchor, PolicyHolder policy) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "liaison-control-plane");
        p.putAll(clientOverrides);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.trust = trust;
        this.anchor = anchor;
        this.policy = policy;
        this.thread = new Thread(this::run, "liaison-control-plane");
        thread.setDaemon(true);
    }

    /** Starts reading; returns once everything already on both topics has been applied (or the timeout passed). */
    public ControlPlane start(Duration catchUpTimeout) {
        thread.start();
        try {
            if (!caughtUp.await(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("control plane did not catch up with the trust and policy topics within {}", catchUpTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** How many trust items and policy records were applied so far (tests wait on it). */
    public long applied() {
        return applied.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.TRUST, 0), new TopicPartition(Topics.POLICY, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("control plane stopped; trust and policy updates are no longer applied", e);
        } finally {
            caughtUp.countDown();
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // tombstone: compaction housekeeping, nothing to apply
        }
        try {
            if (Topics.TRUST.equals(r.topic())) {
                TrustItems.apply(TrustItems.decode(r.value()), anchor, trust)
                        .ifPresent(k -> LOG.info("trust updated: {} key {} of {}", k.role(), k.keyId(), k.owner()));
            } else {
                PolicyHolder.Outcome outcome = policy.propose(PolicyProposal.fromBytes(r.value()));
                LOG.info("policy record at offset {}: {}", r.offset(), outcome);
            }
            applied.incrementAndGet();
        } catch (PkiException | IllegalArgumentException e) {
            LOG.warn("ignored {} record at offset {}: {}", r.topic(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
