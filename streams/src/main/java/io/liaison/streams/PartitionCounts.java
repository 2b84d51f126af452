package io.liaison.streams;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;

/** Partition counts of ingress topics, asked of the cluster once per topic and cached. */
public final class PartitionCounts implements ToIntFunction<String> {
    private final Admin admin;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public PartitionCounts(Admin admin) {
        this.admin = admin;
    }

    @Override
    public int applyAsInt(String topic) {
        return counts.computeIfAbsent(topic, this::describe);
    }

    private int describe(String topic) {
        try {
            return admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while describing " + topic, e);
        } catch (Exception e) {
            throw new TransientFailure("cannot describe topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
