package io.liaison.consumer.http;

import io.liaison.consumer.CopyVerifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The live tail of the served agency's inbox, started when its first client subscribes. */
final class InboxTails implements AutoCloseable {
    private final Map<String, InboxTail> tails = new ConcurrentHashMap<>();
    private final KafkaClients clients;
    private final InboxReader reader;
    private final CopyVerifier verifier;
    private final GatewayMetrics metrics;

    InboxTails(KafkaClients clients, InboxReader reader, CopyVerifier verifier, GatewayMetrics metrics) {
        this.clients = clients;
        this.reader = reader;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    /** The tail of {@code agency}'s inbox (the one agency the gateway serves); a tail that died is replaced. */
    InboxTail get(String agency) {
        if (!agency.equals(verifier.agency())) {
            throw new IllegalArgumentException(
                    "this gateway tails " + verifier.agency() + "'s inbox only, not " + agency + "'s");
        }
        return tails.compute(
                agency,
                (a, existing) -> existing != null && existing.healthy()
                        ? existing
                        : InboxTail.start(a, reader.partitions(a), clients, verifier, metrics));
    }

    /** Agency id to whether its tail is running. */
    Map<String, Boolean> health() {
        Map<String, Boolean> health = new TreeMap<>();
        tails.forEach((agency, tail) -> health.put(agency, tail.healthy()));
        return health;
    }

    int size() {
        return tails.size();
    }

    @Override
    public void close() {
        tails.values().forEach(InboxTail::close);
        tails.clear();
    }
}
