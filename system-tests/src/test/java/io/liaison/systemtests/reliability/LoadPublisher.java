package io.liaison.systemtests.reliability;

import io.liaison.producer.AgencyGateway;
import io.liaison.producer.PublishException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the {@link Template} mix through real gateways, many in flight at once (bounded by a
 * window), and records every receipt and every failure in a {@link Ledger}.
 */
final class LoadPublisher {
    private final Map<String, AgencyGateway> gateways;
    private final Ledger ledger;
    private final int window;
    private final Semaphore inFlight;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();

    LoadPublisher(Map<String, AgencyGateway> gateways, Ledger ledger, int window) {
        this.gateways = gateways;
        this.ledger = ledger;
        this.window = window;
        this.inFlight = new Semaphore(window);
    }

    /** Publishes {@code count} messages and returns once each was acknowledged or failed. */
    void publish(long count) {
        for (long i = 0; i < count && !stopped.get(); i++) {
            publishOne();
        }
        awaitInFlight();
    }

    /** Publishes until {@link #stop}, in a thread of its own; returns that thread. */
    Thread publishUntilStopped() {
        Thread t = new Thread(
                () -> {
                    while (!stopped.get()) {
                        publishOne();
                    }
                    awaitInFlight();
                },
                "reliability-publisher-" + run);
        t.start();
        return t;
    }

    void stop() {
        stopped.set(true);
    }

    long attempted() {
        return attempted.get();
    }

    private void publishOne() {
        long n = attempted.getAndIncrement();
        Template t = Template.nth(n);
        inFlight.acquireUninterruptibly();
        try {
            gateways.get(t.sender())
                    .publishAsync(t.payload(t.name() + "-" + run + "-" + n), t.headers())
                    .whenComplete((receipt, error) -> {
                        if (error == null) {
                            ledger.accepted(receipt, t);
                        } else {
                            ledger.failed(error);
                        }
                        inFlight.release();
                    });
        } catch (PublishException e) {
            ledger.failed(e);
            inFlight.release();
        }
    }

    private void awaitInFlight() {
        inFlight.acquireUninterruptibly(window);
        inFlight.release(window);
    }
}
