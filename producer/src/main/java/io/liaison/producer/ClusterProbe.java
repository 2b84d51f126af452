package io.liaison.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Asks the cluster, while it counts as unavailable, whether it answers again: a metadata request for
 * the ingress topic from an admin client with the gateway's own login. The producer cannot be asked
 * instead: it answers {@code partitionsFor} from its cache when it still has one, dead leaders
 * included. No caller's message is spent finding out, and no caller waits for the answer: probes
 * run asynchronously, one at a time and at most one per {@link #INTERVAL}, started by the sends
 * that are being refused. The admin client is created by the first probe, so a gateway that never
 * sees an outage never opens it.
 */
final class ClusterProbe implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final AgencyGatewayConfig config;
    private final String topic;
    private final Duration timeout;
    private boolean inFlight;
    private long lastStartNanos = System.nanoTime() - INTERVAL.toNanos();
    private Admin admin;
    private boolean closed;

    ClusterProbe(AgencyGatewayConfig config, String topic, Duration timeout) {
        this.config = config;
        this.topic = topic;
        this.timeout = timeout;
    }

    /**
     * Starts a probe unless one is running or the last began less than {@link #INTERVAL} ago;
     * {@code onAnswer} runs, in the admin client's thread, if the cluster answers.
     */
    void probe(Runnable onAnswer) {
        Admin client;
        synchronized (this) {
            if (closed || inFlight || System.nanoTime() - lastStartNanos < INTERVAL.toNanos()) {
                return;
            }
            inFlight = true;
            lastStartNanos = System.nanoTime();
            if (admin == null) {
                admin = Admin.create(adminProperties());
            }
            client = admin;
        }
        client.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .allTopicNames()
                .whenComplete((topics, error) -> {
                    finished();
                    if (answered(topics, error)) {
                        onAnswer.run();
                    }
                });
    }

    private synchronized void finished() {
        inFlight = false;
    }

    /**
     * A partition with a leader can take records again. A refusal that is not retriable (a login or
     * an ACL problem) also ends the outage: the cluster is there, and letting records through shows
     * the caller the producer's own error instead of keeping the gateway shut on a probe that can
     * never succeed.
     */
    private boolean answered(Map<String, TopicDescription> topics, Throwable error) {
        if (error == null) {
            return topics.get(topic).partitions().stream()
                    .anyMatch(p -> p.leader() != null && !p.leader().isEmpty());
        }
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return !(cause instanceof RetriableException);
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> p = new HashMap<>();
        // The producer's overrides carry the login; producer-only keys would only earn "unused" warnings.
        config.kafkaOverrides().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                p.put(key, value);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "liaison-gateway-" + config.agency() + "-probe");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return p;
    }

    @Override
    public void close() {
        Admin client;
        synchronized (this) {
            closed = true;
            client = admin;
        }
        if (client != null) {
            client.close(Duration.ZERO);
        }
    }
}
