package io.liaison.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class MessageMixTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final MessageMix mix = new MessageMix();
    private final Policy policy = load();

    private static Policy load() {
        try {
            return PolicyLoader.load(Path.of("../config/policy.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneCycleHoldsEveryKindAsOftenAsItsWeight() {
        Map<String, Long> counts = IntStream.range(0, mix.cycle())
                .mapToObj(mix::kindOf)
                .collect(Collectors.groupingBy(MessageMix.Kind::name, Collectors.counting()));
        assertThat(counts).hasSize(mix.kinds().size());
        mix.kinds().forEach(k -> assertThat(counts.get(k.name())).isEqualTo(k.weight()));
        assertThat(mix.kindOf(3)).isSameAs(mix.kindOf(3 + mix.cycle()));
    }

    @Test
    void theMixCoversEveryTypeAndSeveralClassifications() {
        Set<String> types = new HashSet<>();
        Set<String> classifications = new HashSet<>();
        for (MessageMix.Kind k : mix.kinds()) {
            types.add(k.template().apply("x", NOW).getSchema().getName());
            classifications.add(k.headers().classification().name());
        }
        assertThat(types).hasSize(6);
        assertThat(classifications).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void everyPayloadIsAboutOneKilobyteAndHasIdsAndTextOfItsOwn() {
        for (int i = 0; i < mix.cycle(); i++) {
            GenericRecord p = mix.payload(i, NOW);
            assertThat(MessageMix.encodedSize(p)).as(mix.kindOf(i).name()).isBetween(900, 1300);
            GenericRecord next = mix.payload(i + mix.cycle(), NOW);
            assertThat(next.get(0)).as("id").isNotEqualTo(p.get(0));
            assertThat(next.toString()).isNotEqualTo(p.toString());
        }
    }

    @Test
    void everySenderMayIssueItsTypesAndEachMessageIsDecidedForTheFourOtherAgencies() {
        for (MessageMix.Kind k : mix.kinds()) {
            GenericRecord p = k.template().apply("x", NOW);
            assertThat(policy.mayIssue(k.sender(), p.getSchema().getName()))
                    .as(k.name())
                    .isTrue();
            assertThat(MessageMix.decisions(policy, k, p)).as(k.name()).hasSize(4);
        }
    }

    @Test
    void deliveriesFollowThePolicy() {
        MessageMix.Kind notice = mix.kinds().stream()
                .filter(k -> k.name().equals("cpd-notice"))
                .findFirst()
                .orElseThrow();
        MessageMix.Kind juvenile = mix.kinds().stream()
                .filter(k -> k.name().equals("cpd-incident-juvenile"))
                .findFirst()
                .orElseThrow();
        assertThat(MessageMix.deliveries(policy, notice, notice.template().apply("x", NOW)))
                .as("ice, guard, public, oversight")
                .isEqualTo(4);
        assertThat(MessageMix.deliveries(policy, juvenile, juvenile.template().apply("x", NOW)))
                .as("oversight only")
                .isEqualTo(1);
    }

    @Test
    void variedTextHasTheRequestedLength() {
        assertThat(MessageMix.variedText(17, 500)).hasSize(500);
        assertThat(MessageMix.variedText(17, 0)).isEmpty();
        assertThat(MessageMix.variedText(17, 300)).isNotEqualTo(MessageMix.variedText(18, 300));
    }
}
