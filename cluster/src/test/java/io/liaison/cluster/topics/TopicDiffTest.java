package io.liaison.cluster.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cluster.topics.AclRule.Operation;
import io.liaison.cluster.topics.AclRule.Pattern;
import io.liaison.cluster.topics.AclRule.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicDiffTest {
    private static final TopicSpec AUDIT =
            new TopicSpec("audit", 1, (short) 3, Map.of("retention.ms", "-1", "min.insync.replicas", "2"));
    private static final TopicSpec QUARANTINE =
            new TopicSpec("quarantine", 6, (short) 3, Map.of("retention.ms", "1000"));

    @Test
    void aTopicThatDoesNotExistIsMissing() {
        TopicDiff diff = TopicDiff.compare(List.of(AUDIT), Map.of());
        assertThat(diff.missing()).containsExactly(AUDIT);
        assertThat(diff.matching()).isEmpty();
    }

    @Test
    void aTopicAsPlannedMatchesEvenWhenTheBrokerReportsMoreConfigs() {
        TopicDiff diff = TopicDiff.compare(
                List.of(AUDIT),
                Map.of(
                        "audit",
                        new TopicDiff.Observed(
                                1,
                                (short) 3,
                                Map.of(
                                        "retention.ms",
                                        "-1",
                                        "min.insync.replicas",
                                        "2",
                                        "segment.bytes",
                                        "1073741824"))));
        assertThat(diff.matching()).containsExactly("audit");
        assertThat(diff.drifted()).isEmpty();
    }

    @Test
    void aChangedConfigIsReportedWithThePlannedValue() {
        TopicDiff diff = TopicDiff.compare(
                List.of(AUDIT),
                Map.of(
                        "audit",
                        new TopicDiff.Observed(
                                1, (short) 3, Map.of("retention.ms", "604800000", "min.insync.replicas", "2"))));
        assertThat(diff.drifted()).singleElement().satisfies(d -> {
            assertThat(d.configChanges()).containsExactlyEntriesOf(Map.of("retention.ms", "-1"));
            assertThat(d.partitionsDiffer()).isFalse();
        });
    }

    @Test
    void anotherPartitionCountIsDriftWithoutConfigChanges() {
        TopicDiff diff = TopicDiff.compare(
                List.of(QUARANTINE),
                Map.of("quarantine", new TopicDiff.Observed(3, (short) 3, Map.of("retention.ms", "1000"))));
        assertThat(diff.drifted()).singleElement().satisfies(d -> {
            assertThat(d.partitionsDiffer()).isTrue();
            assertThat(d.configChanges()).isEmpty();
        });
    }

    @Test
    void aclDiffSplitsMissingPresentAndExtra() {
        AclRule write = new AclRule("User:cpd", Resource.TOPIC, "ingress.cpd", Pattern.LITERAL, Operation.WRITE);
        AclRule read = new AclRule("User:cpd", Resource.TOPIC, "inbox.cpd", Pattern.LITERAL, Operation.READ);
        AclRule stale = new AclRule("User:old", Resource.TOPIC, "inbox.old", Pattern.LITERAL, Operation.READ);

        AclDiff diff = AclDiff.compare(List.of(write, read), List.of(read, stale), List.of("(DENY rule)"));

        assertThat(diff.missing()).containsExactly(write);
        assertThat(diff.present()).containsExactly(read);
        assertThat(diff.extra()).containsExactly(stale);
        assertThat(diff.unrecognised()).containsExactly("(DENY rule)");
        assertThat(diff.inSync()).isFalse();
    }
}
