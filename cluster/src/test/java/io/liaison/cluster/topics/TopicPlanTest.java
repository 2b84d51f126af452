package io.liaison.cluster.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicPlanTest {
    private final Map<String, TopicSpec> plan = TopicPlan.embedded().topics(List.of("cpd", "ice")).stream()
            .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

    @Test
    void topicsWhoseRecordsJudgeKeysAreStampedByTheBrokerOnAppend() {
        // the policy topic too: approval keys are judged at the append time of the policy record
        for (String topic : List.of("inbox.cpd", "inbox.ice", Topics.AUDIT, Topics.CHECKPOINTS, Topics.POLICY)) {
            assertThat(plan.get(topic).configs()).as(topic).containsEntry("message.timestamp.type", "LogAppendTime");
        }
        for (String topic : List.of("ingress.cpd", "ingress.ice", Topics.QUARANTINE, Topics.TRUST)) {
            assertThat(plan.get(topic).configs()).as(topic).doesNotContainKey("message.timestamp.type");
        }
    }

    @Test
    void aClusterTopicStillStampedByItsProducerDriftsAndApplyingSetsIt() {
        TopicSpec inbox = plan.get("inbox.ice");
        Map<String, String> configs = new HashMap<>(inbox.configs());
        configs.put("message.timestamp.type", "CreateTime");

        TopicDiff diff = TopicDiff.compare(
                List.of(inbox),
                Map.of(inbox.name(), new TopicDiff.Observed(inbox.partitions(), inbox.replicationFactor(), configs)));

        assertThat(diff.drifted())
                .singleElement()
                .satisfies(d -> assertThat(d.configChanges())
                        .containsExactly(Map.entry("message.timestamp.type", "LogAppendTime")));
    }

    @Test
    void onThreeBrokersEveryTopicHasThreeReplicasAndTwoMustAcknowledge() {
        assertThat(TopicPlan.embedded(3).topics(List.of("cpd"))).allSatisfy(spec -> {
            assertThat(spec.replicationFactor()).as(spec.name()).isEqualTo((short) 3);
            assertThat(spec.configs()).as(spec.name()).containsEntry("min.insync.replicas", "2");
        });
        assertThat(TopicPlan.embedded(1)).isEqualTo(TopicPlan.embedded());
    }
}
