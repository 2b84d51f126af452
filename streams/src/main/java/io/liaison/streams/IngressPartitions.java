package io.liaison.streams;

import io.liaison.cluster.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Asks the cluster whether every ingress topic still has the partition count the backbone is
 * pinned to ({@link BackboneSettings#ingressPartitions()}). The replay store is per partition, and
 * a message is accepted only on the partition its id selects under the pinned count; a topic with
 * another count sends ids to partitions whose store never saw them, so the backbone refuses to run
 * on it rather than reopen the replay window (streams/README.md).
 */
final class IngressPartitions {
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final int pinned;

    IngressPartitions(Admin admin, int pinned) {
        this.admin = admin;
        this.pinned = pinned;
    }

    /** One phrase per ingress topic whose partition count is not the pinned one; empty when every one has it. */
    private List<String> drift() {
        Map<String, TopicDescription> ingress = new TreeMap<>(describeIngressTopics());
        List<String> drift = new ArrayList<>();
        ingress.forEach((topic, description) -> {
            int count = description.partitions().size();
            if (count != pinned) {
                drift.add(topic + " has " + count + " partitions");
            }
        });
        return drift;
    }

    /**
     * @throws PartitionCountChanged naming every ingress topic whose count is not the pinned one
     * @throws TransientFailure      when the cluster does not answer
     */
    void requirePinned() {
        List<String> drift = drift();
        if (!drift.isEmpty()) {
            throw PartitionCountChanged.of(String.join(", ", drift), pinned);
        }
    }

    private Map<String, TopicDescription> describeIngressTopics() {
        try {
            List<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(Topics.INGRESS_PREFIX))
                    .toList();
            return names.isEmpty()
                    ? Map.of()
                    : admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while describing the ingress topics", e);
        } catch (Exception e) {
            throw new TransientFailure("cannot describe the ingress topics: " + e.getMessage(), e);
        }
    }
}
