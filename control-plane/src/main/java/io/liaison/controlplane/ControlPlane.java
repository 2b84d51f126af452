package io.liaison.controlplane;

import io.liaison.pki.PkiException;
import io.liaison.pki.TrustAnchor;
import io.liaison.pki.TrustItems;
import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyProposal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
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
 *
 * <p>A service must not serve on trust it cannot keep current, so the follower also says how current
 * it is ({@link #readiness}): about once a second it asks the broker for the end of both topics, and
 * once it has applied everything up to that end, it is current as of the moment it asked.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    private static final Duration CONFIRM_EVERY = Duration.ofSeconds(1);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** End offsets of both topics and when they were asked for. */
    private record Target(Map<TopicPartition, Long> ends, Instant askedAt) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TrustStore trust;
    private final TrustAnchor anchor;
    private final PolicyHolder policy;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Instant startedAt = Instant.now();
    private volatile boolean running = true;
    private volatile Instant currentAsOf;
    private volatile String stoppedBecause;
    private Target target;
    private long nextAskNanos;

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

    /** The trust store this follower keeps current. */
    public TrustStore trust() {
        return trust;
    }

    /** The policy version in force. */
    public Policy policy() {
        return policy.get();
    }

    /**
     * Calls {@code listener} on the follower's thread after every applied trust item or policy
     * record, so a service can re-check what it granted before (an open feed). Keep it short.
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Ready when everything on both topics at most {@code maxLag} ago has been applied. */
    public Readiness readiness(Duration maxLag) {
        String stopped = stoppedBecause;
        if (stopped != null) {
            return new Readiness.NotReady("the control-plane follower stopped: " + stopped);
        }
        Instant asOf = currentAsOf;
        if (asOf == null) {
            return new Readiness.NotReady("the trust and policy topics have not been read to their end yet (following since "
                    + startedAt + ")");
        }
        Duration lag = Duration.between(asOf, Instant.now());
        if (lag.compareTo(maxLag) > 0) {
            return new Readiness.NotReady("trust and policy are known only as of " + asOf + ", " + lag.toSeconds()
                    + "s ago (more than " + maxLag.toSeconds() + "s): the broker does not answer, so a revocation may be missed");
        }
        return new Readiness.Ready(asOf, policy.get().version());
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.TRUST, 0), new TopicPartition(Topics.POLICY, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                confirmCurrent(partitions);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            stoppedBecause = e.toString();
            LOG.error("control plane stopped; trust and policy updates are no longer applied", e);
        } finally {
            caughtUp.countDown();
            consumer.close();
        }
    }

    /**
     * Asks for the end of both topics (at most every {@link #CONFIRM_EVERY}) and, once the positions
     * reach it, records the asking time as "current as of". A broker that does not answer leaves the
     * last confirmation standing; how old it may grow is each service's {@code maxLag}.
     */
    private void confirmCurrent(List<TopicPartition> partitions) {
        if (target == null && System.nanoTime() - nextAskNanos < 0) {
            return;
        }
        try {
            if (target == null) {
                Instant askedAt = Instant.now();
                target = new Target(consumer.endOffsets(partitions, ASK_TIMEOUT), askedAt);
            }
            for (Map.Entry<TopicPartition, Long> end : target.ends().entrySet()) {
                if (consumer.position(end.getKey(), ASK_TIMEOUT) < end.getValue()) {
                    return;
                }
            }
            currentAsOf = target.askedAt();
            caughtUp.countDown();
            target = null;
        } catch (TimeoutException e) {
            LOG.debug("the broker did not answer for the control-plane topics within {}", ASK_TIMEOUT);
        }
        nextAskNanos = System.nanoTime() + CONFIRM_EVERY.toNanos();
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
            return;
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("a control-plane listener failed; the follower goes on", e);
            }
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
