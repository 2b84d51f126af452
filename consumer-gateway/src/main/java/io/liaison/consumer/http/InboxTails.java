package io.liaison.consumer.http;

import io.liaison.consumer.CopyVerifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The live tails, one per agency, started when the first client of that agency subscribes. */
final class InboxTails implements AutoCloseable {
    private final Map<String, InboxTail> tails = new ConcurrentHashMap<>();
    private final KafkaClients clients;
    private final InboxReader reader;
    private final Function<String, CopyVerifier> verifiers;
    private final GatewayMetrics metrics;

    InboxTails(
            KafkaClients clients,
            InboxReader reader,
            Function<String, CopyVerifier> verifiers,
            GatewayMetrics metrics) {
        this.clients = clients;
        this.reader = reader;
        this.verifiers = verifiers;
        this.metrics = metrics;
    }

    /** The tail of {@code agency}'s inbox; a tail that died is replaced. */
    InboxTail get(String agency) {
        return tails.compute(
                agency,
                (a, existing) -> existing != null && existing.healthy()
                        ? existing
                        : InboxTail.start(a, reader.partitions(a), clients, verifiers.apply(a), metrics));
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
