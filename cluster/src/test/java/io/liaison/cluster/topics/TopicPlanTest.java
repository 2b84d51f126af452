package io.liaison.cluster.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicPlanTest {
    private static final Map<String, TopicSpec> TOPICS = TopicPlan.embedded().topics(List.of("cpd", "ice")).stream()
            .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

    @Test
    void topicsWhoseRecordsJudgeKeysAreStampedByTheBrokerOnAppend() {
        // the policy topic too: approval keys are judged at the append time of the policy record
        for (String topic : List.of("inbox.cpd", "inbox.ice", Topics.AUDIT, Topics.CHECKPOINTS, Topics.POLICY)) {
            assertThat(TOPICS.get(topic).configs()).as(topic).containsEntry("message.timestamp.type", "LogAppendTime");
        }
        for (String topic : List.of("ingress.cpd", "ingress.ice", Topics.QUARANTINE, Topics.TRUST)) {
            assertThat(TOPICS.get(topic).configs()).as(topic).doesNotContainKey("message.timestamp.type");
        }
    }

    @Test
    void aClusterTopicStillStampedByItsProducerDriftsAndApplyingSetsIt() {
        TopicSpec inbox = TOPICS.get("inbox.ice");
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
    void eachAgencyAndTheQuarantineHaveACompactedKeyTopicWhoseTombstonesAreCleanedWithinADay() {
        assertThat(TOPICS).containsKeys("keys.cpd", "keys.ice", "quarantine.keys");
        String day = String.valueOf(Duration.ofDays(1).toMillis());
        for (String keys : List.of("keys.cpd", "keys.ice", "quarantine.keys")) {
            assertThat(TOPICS.get(keys).configs())
                    .containsEntry("cleanup.policy", "compact,delete")
                    .containsEntry("max.compaction.lag.ms", day)
                    .containsEntry("segment.ms", day)
                    .containsEntry("delete.retention.ms", day);
        }
        assertThat(TOPICS.get("keys.cpd").configs().get("retention.ms"))
                .isEqualTo(TOPICS.get("inbox.cpd").configs().get("retention.ms"));
        assertThat(TOPICS.get("quarantine.keys").configs().get("retention.ms"))
                .isEqualTo(TOPICS.get("quarantine").configs().get("retention.ms"));
        assertThat(TOPICS.get("keys.cpd").partitions())
                .isEqualTo(TOPICS.get("inbox.cpd").partitions());
    }

    @Test
    void onThreeBrokersEveryTopicHasThreeReplicasAndTwoMustAcknowledge() {
        assertThat(TopicPlan.embedded(3).topics(List.of("cpd"))).allSatisfy(spec -> {
            assertThat(spec.replicationFactor()).as(spec.name()).isEqualTo((short) 3);
            assertThat(spec.configs()).as(spec.name()).containsEntry("min.insync.replicas", "2");
        });
        assertThat(TopicPlan.embedded(1)).isEqualTo(TopicPlan.embedded());
    }

    @Test
    void anAgencysDeclaredRetentionSetsItsInboxAndKeyTopicsAndOthersKeepThePlanDefault() {
        Duration fiveYears = Duration.ofDays(5 * 366);
        Map<String, TopicSpec> topics =
                TopicPlan.embedded().topics(List.of("cpd", "ice"), Map.of("ice", fiveYears)).stream()
                        .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

        String declared = String.valueOf(fiveYears.toMillis());
        assertThat(topics.get("inbox.ice").configs()).containsEntry("retention.ms", declared);
        assertThat(topics.get("keys.ice").configs()).containsEntry("retention.ms", declared);
        String planDefault = String.valueOf(TopicPlan.DEFAULT_INBOX_RETENTION.toMillis());
        assertThat(topics.get("inbox.cpd").configs()).containsEntry("retention.ms", planDefault);
        assertThat(topics.get("keys.cpd").configs()).containsEntry("retention.ms", planDefault);
        assertThat(topics.get("ingress.ice").configs())
                .containsEntry("retention.ms", String.valueOf(TopicPlan.DEFAULT_INGRESS_RETENTION.toMillis()));
    }
}
