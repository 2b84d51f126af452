package io.liaison.controlplane;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiException;
import io.liaison.pki.TrustAnchor;
import io.liaison.pki.TrustItems;
import io.liaison.policy.ChainDecision;
import io.liaison.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running service's trust store and policy current from the {@code trust} and
 * {@code policy} topics, without a restart (the backbone, the agency ingest, the consumer gateway): a certificate, revocation or approved policy version
 * published there takes effect within a poll (about a second). Trust items are checked against the
 * CA the backbone was started with, never one read from the topic; policy records must extend the
 * chain from the pinned genesis ({@link PolicyHolder}). Refused items are logged and counted, and
 * the previous trust and policy stay in force.
 *
 * <p>At start it reads both topics to their end, trust first (so the approval keys of historic
 * policy records are known), and refuses to start if the policy topic holds a chain this backbone
 * cannot follow from its genesis. Afterwards it never stops on an error: an unexpected exception
 * (a record that breaks a decoder, a broker failure) is logged, the record is skipped, and the
 * follower retries with backoff while {@link #health()} reports it not ready.
 *
 * <p>A broker that stops answering raises no error, so for the HTTP services the follower also says
 * how current it is ({@link #readiness}): about once a second it asks for the end of both topics,
 * and once it has applied everything up to that end, it is current as of the moment it asked.
 * Services re-check what they granted before (open feeds) through {@link #onChange} listeners.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CONFIRM_EVERY = Duration.ofSeconds(1);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** End offsets of both topics and when they were asked for. */
    private record Target(Map<TopicPartition, Long> ends, Instant askedAt) {}

    /**
     * Whether the control plane keeps trust and policy current.
     *
     * @param ready    caught up with both topics and following them without error
     * @param status   what it is doing, or the failure it is retrying after
     * @param failures unexpected exceptions so far (each skipped its record or retried its poll)
     */
    public record Health(boolean ready, String status, long failures) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TrustStore trust;
    private final TrustAnchor anchor;
    private final PolicyHolder policy;
    private final Duration firstBackoff;
    private final Thread thread;
    private final TopicPartition trustPartition = new TopicPartition(Topics.TRUST, 0);
    private final TopicPartition policyPartition = new TopicPartition(Topics.POLICY, 0);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private Map<TopicPartition, Long> startEnd; // end offsets when this instance started: what "caught up" means
    private Instant startEndAt;
    private Target target;
    private long nextAskNanos;
    private volatile Instant currentAsOf; // everything on both topics before this was applied
    private volatile String problem; // null while following without error
    private volatile String contradiction; // the first record met while catching up that the chain cannot follow

    public ControlPlane(
            String bootstrapServers,
            Map<String, Object> clientOverrides,
            TrustStore trust,
            TrustAnchor anchor,
            PolicyHolder policy) {
        this(bootstrapServers, clientOverrides, trust, anchor, policy, FIRST_BACKOFF);
    }

    /** @param firstBackoff the first pause before retrying after an unexpected error (it doubles, up to 30 s) */
    public ControlPlane(
            String bootstrapServers,
            Map<String, Object> clientOverrides,
            TrustStore trust,
            TrustAnchor anchor,
            PolicyHolder policy,
            Duration firstBackoff) {
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
        this.firstBackoff = firstBackoff;
        this.thread = new Thread(this::run, "liaison-control-plane");
        thread.setDaemon(true);
    }

    /**
     * Starts reading and returns once everything already on both topics has been applied.
     *
     * @throws ControlPlaneStartException if that did not happen within {@code catchUpTimeout}, or
     *                                    the policy topic holds a chain that does not follow from the pinned genesis
     */
    public ControlPlane start(Duration catchUpTimeout) {
        thread.start();
        boolean done;
        try {
            done = caughtUp.await(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        String refusal = !done
                ? "could not read the trust and policy topics within " + catchUpTimeout
                        + (problem == null ? "" : " (" + problem + ")")
                : contradiction;
        if (refusal != null) {
            close();
            throw new ControlPlaneStartException(refusal);
        }
        LOG.info(
                "control plane caught up: policy {} in force, {} policy record(s) refused {}",
                policy.link(),
                policy.refusals().values().stream().mapToLong(Long::longValue).sum(),
                policy.refusals());
        return this;
    }

    /** How many trust items and policy records were handled so far, refused ones included (tests wait on it). */
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
     * Calls {@code listener} on the follower's thread after every trust item or policy record it
     * handled, so a service can re-check what it granted before (an open feed). Keep it short.
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Whether a service may serve on trust and policy as followed now: {@link #health() healthy},
     * and everything on both topics at most {@code maxLag} ago applied.
     */
    public Readiness readiness(Duration maxLag) {
        Health health = health();
        if (!health.ready()) {
            return new Readiness.NotReady("the control-plane follower is not ready: " + health.status());
        }
        Instant asOf = currentAsOf;
        Duration lag = Duration.between(asOf, Instant.now());
        if (lag.compareTo(maxLag) > 0) {
            return new Readiness.NotReady(
                    "trust and policy are known only as of " + asOf + ", " + lag.toSeconds() + "s ago (more than "
                            + maxLag.toSeconds() + "s): the broker does not answer, so a revocation may be missed");
        }
        return new Readiness.Ready(asOf, policy.get().version());
    }

    /** Everything on both topics before this instant has been applied; null until caught up once. */
    Instant currentAsOf() {
        return currentAsOf;
    }

    public Health health() {
        String failure = problem;
        if (!thread.isAlive()) {
            return new Health(false, "stopped", failures.get());
        }
        if (failure != null) {
            return new Health(false, failure, failures.get());
        }
        boolean following = caughtUp.getCount() == 0;
        return new Health(following, following ? "following trust and policy" : "catching up", failures.get());
    }

    private void run() {
        Duration backoff = firstBackoff;
        try {
            while (closing.getCount() > 0) {
                try {
                    followOnce();
                    if (problem != null) {
                        LOG.info("control plane following trust and policy again after: {}", problem);
                        problem = null;
                    }
                    backoff = firstBackoff;
                } catch (WakeupException e) {
                    // close() woke the poll; the loop condition ends it
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    problem = e.getMessage() == null ? e.toString() : e.getMessage();
                    LOG.error("control plane NOT READY: {}; retrying in {}", problem, backoff, e);
                    if (closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
        }
    }

    private void followOnce() {
        if (startEnd == null) {
            List<TopicPartition> partitions = List.of(trustPartition, policyPartition);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            startEndAt = Instant.now();
            startEnd = consumer.endOffsets(partitions);
            consumer.pause(List.of(policyPartition)); // trust first: historic approvals need their keys
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            handle(r);
        }
        if (caughtUp.getCount() > 0) {
            boolean trustRead = consumer.position(trustPartition) >= startEnd.get(trustPartition);
            if (trustRead && consumer.paused().contains(policyPartition)) {
                consumer.resume(List.of(policyPartition));
            }
            if (trustRead && consumer.position(policyPartition) >= startEnd.get(policyPartition)) {
                currentAsOf = startEndAt;
                caughtUp.countDown();
            }
        } else {
            confirmCurrent();
        }
    }

    /**
     * Asks for the end of both topics (at most every {@link #CONFIRM_EVERY}) and, once the positions
     * reach it, records the asking time as "current as of". A broker that does not answer leaves the
     * last confirmation standing; how old it may grow is each service's {@code maxLag}.
     */
    private void confirmCurrent() {
        if (target == null && System.nanoTime() - nextAskNanos < 0) {
            return;
        }
        try {
            if (target == null) {
                Instant askedAt = Instant.now();
                target =
                        new Target(consumer.endOffsets(List.of(trustPartition, policyPartition), ASK_TIMEOUT), askedAt);
            }
            for (Map.Entry<TopicPartition, Long> end : target.ends().entrySet()) {
                if (consumer.position(end.getKey(), ASK_TIMEOUT) < end.getValue()) {
                    return;
                }
            }
            currentAsOf = target.askedAt();
            target = null;
        } catch (TimeoutException e) {
            LOG.debug("the broker did not answer for the control-plane topics within {}", ASK_TIMEOUT);
        }
        nextAskNanos = System.nanoTime() + CONFIRM_EVERY.toNanos();
    }

    /** Applies one record; an unexpected exception skips it (seeking past it) and is rethrown for the retry loop. */
    private void handle(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // tombstone: compaction housekeeping, nothing to apply
        }
        try {
            if (Topics.TRUST.equals(r.topic())) {
                applyTrust(r);
            } else {
                applyPolicy(r);
            }
            applied.incrementAndGet();
        } catch (RuntimeException e) {
            consumer.seek(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            throw new IllegalStateException(
                    r.topic() + " record at offset " + r.offset() + " could not be applied and was skipped: " + e, e);
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("a control-plane listener failed; the follower goes on", e);
            }
        }
    }

    private void applyTrust(ConsumerRecord<byte[], byte[]> r) {
        try {
            TrustItems.apply(TrustItems.decode(r.value()), anchor, trust)
                    .ifPresent(k -> LOG.info("trust updated: {} key {} of {}", k.role(), k.keyId(), k.owner()));
        } catch (PkiException e) {
            LOG.warn("refused trust record at offset {}: {}", r.offset(), e.getMessage());
        }
    }

    private void applyPolicy(ConsumerRecord<byte[], byte[]> r) {
        Optional<Instant> appendedAt = r.timestampType() == TimestampType.LOG_APPEND_TIME
                ? Optional.of(Instant.ofEpochMilli(r.timestamp()))
                : Optional.empty();
        ChainDecision decision = policy.propose(r.value(), appendedAt);
        if (decision instanceof ChainDecision.Accepted a) {
            LOG.info(
                    "policy record at offset {}: {} now in force, approved by {}",
                    r.offset(),
                    a.link(),
                    a.approvedBy());
        } else if (decision instanceof ChainDecision.Refused refused) {
            LOG.warn("policy record at offset {} refused, {}", r.offset(), refused);
            if (refused.reason().contradictsChain() && caughtUp.getCount() > 0 && contradiction == null) {
                contradiction = "policy record at offset " + r.offset()
                        + " cannot be followed from the pinned genesis, " + refused;
            }
        } else {
            LOG.info("policy record at offset {}: the pinned genesis", r.offset());
        }
    }

    @Override
    public void close() {
        closing.countDown();
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(); // never started: the follower thread would have closed it
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
