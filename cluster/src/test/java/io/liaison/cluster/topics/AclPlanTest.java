package io.liaison.cluster.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.cluster.topics.AclRule.Operation;
import io.liaison.cluster.topics.AclRule.Pattern;
import io.liaison.cluster.topics.AclRule.Resource;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclPlanTest {
    private static final SortedSet<AclRule> RULES = AclPlan.defaults().rules(List.of("cpd", "ice"));

    /** What the broker allows, as a table: principal, operation, resource, name, pattern. */
    @ParameterizedTest(name = "{0} may {1} {2} {3} ({4})")
    @CsvSource({
        "User:cpd,             WRITE,    TOPIC,            ingress.cpd,       LITERAL",
        "User:cpd,             DESCRIBE, TOPIC,            ingress.cpd,       LITERAL",
        "User:cpd,             READ,     TOPIC,            inbox.cpd,         LITERAL",
        "User:cpd,             READ,     TOPIC,            keys.cpd,          LITERAL",
        "User:cpd,             READ,     GROUP,            cpd.,              PREFIXED",
        "User:cpd,             READ,     TOPIC,            trust,             LITERAL",
        "User:cpd,             READ,     TOPIC,            policy,            LITERAL",
        "User:ice,             WRITE,    TOPIC,            ingress.ice,       LITERAL",
        "User:ice,             READ,     TOPIC,            inbox.ice,         LITERAL",
        "User:liaison-streams, READ,     TOPIC,            ingress.,          PREFIXED",
        "User:liaison-streams, WRITE,    TOPIC,            inbox.,            PREFIXED",
        "User:liaison-streams, WRITE,    TOPIC,            keys.,             PREFIXED",
        "User:liaison-streams, WRITE,    TOPIC,            quarantine,        LITERAL",
        "User:liaison-streams, WRITE,    TOPIC,            quarantine.keys,   LITERAL",
        "User:liaison-streams, WRITE,    TOPIC,            audit,             LITERAL",
        "User:liaison-streams, READ,     TOPIC,            policy,            LITERAL",
        "User:liaison-streams, READ,     TOPIC,            trust,             LITERAL",
        "User:liaison-streams, READ,     GROUP,            liaison-backbone,  PREFIXED",
        "User:liaison-streams, WRITE,    TRANSACTIONAL_ID, liaison-backbone,  PREFIXED",
        "User:liaison-streams, CREATE,   TOPIC,            liaison-backbone-, PREFIXED",
        "User:checkpointer,    READ,     TOPIC,            audit,             LITERAL",
        "User:checkpointer,    WRITE,    TOPIC,            checkpoints,       LITERAL",
        "User:auditor,         READ,     TOPIC,            audit,             LITERAL",
        "User:auditor,         READ,     TOPIC,            checkpoints,       LITERAL",
        "User:quarantine-officer, READ,  TOPIC,            quarantine,        LITERAL",
        "User:quarantine-officer, READ,  TOPIC,            quarantine.keys,   LITERAL",
        "User:gateway.cpd,     READ,     TOPIC,            inbox.cpd,         LITERAL",
        "User:gateway.cpd,     READ,     TOPIC,            keys.cpd,          LITERAL",
        "User:gateway.cpd,     WRITE,    TOPIC,            audit,             LITERAL",
        "User:gateway.ice,     READ,     TOPIC,            inbox.ice,         LITERAL",
        "User:gateway.cpd,     READ,     TOPIC,            trust,             LITERAL",
        "User:gateway.cpd,     READ,     TOPIC,            policy,            LITERAL",
        "User:complaints-intake, WRITE,  TOPIC,            complaints,        LITERAL",
        "User:complaints-intake, WRITE,  TOPIC,            complaints.status, LITERAL",
        "User:complaints-intake, READ,   TOPIC,            complaints.status, LITERAL",
        "User:complaints-intake, WRITE,  TOPIC,            audit,             LITERAL",
        "User:complaints-intake, WRITE,  TRANSACTIONAL_ID, complaints-intake, PREFIXED",
        "User:complaints-officer, READ,  TOPIC,            complaints,        LITERAL",
        "User:complaints-officer, READ,  TOPIC,            audit,             LITERAL",
        "User:complaints-officer, WRITE, TOPIC,            complaints.status, LITERAL",
        "User:complaints-officer, WRITE, TOPIC,            referrals.,        PREFIXED",
        "User:cpd,             READ,     TOPIC,            referrals.cpd,     LITERAL",
        "User:schema-registry, WRITE,    TOPIC,            _schemas,          LITERAL",
        "User:schema-registry, READ,     GROUP,            schema-registry,   PREFIXED",
    })
    void grants(String principal, Operation operation, Resource resource, String name, Pattern pattern) {
        assertThat(RULES).contains(new AclRule(principal, resource, name, pattern, operation));
    }

    /** What it must not allow: each row would let one party past another's boundary. */
    @ParameterizedTest(name = "{0} has no {1} on {2}")
    @CsvSource({
        "User:cpd,             READ,  inbox.ice",
        "User:cpd,             WRITE, ingress.ice",
        "User:cpd,             READ,  ingress.cpd",
        "User:cpd,             WRITE, inbox.cpd",
        "User:cpd,             READ,  audit",
        "User:cpd,             WRITE, audit",
        "User:cpd,             READ,  keys.ice",
        "User:ice,             READ,  inbox.cpd",
        "User:ice,             READ,  keys.cpd",
        "User:auditor,         WRITE, audit",
        "User:auditor,         READ,  ingress.cpd",
        "User:auditor,         READ,  inbox.cpd",
        "User:auditor,         READ,  keys.cpd",
        "User:auditor,         READ,  quarantine",
        "User:auditor,         READ,  quarantine.keys",
        "User:quarantine-officer, READ, inbox.cpd",
        "User:quarantine-officer, READ, keys.cpd",
        "User:quarantine-officer, READ, audit",
        "User:liaison-streams, READ,  inbox.cpd",
        "User:liaison-streams, READ,  keys.cpd",
        "User:liaison-streams, READ,  quarantine",
        "User:liaison-streams, WRITE, ingress.cpd",
        "User:liaison-streams, WRITE, checkpoints",
        "User:gateway.cpd,     READ,  inbox.ice",
        "User:gateway.cpd,     READ,  keys.ice",
        "User:gateway.cpd,     WRITE, inbox.cpd",
        "User:gateway.cpd,     READ,  audit",
        "User:gateway.cpd,     WRITE, ingress.cpd",
        "User:gateway.cpd,     WRITE, trust",
        "User:gateway.cpd,     WRITE, policy",
        "User:cpd,             WRITE, trust",
        "User:cpd,             WRITE, policy",
        "User:checkpointer,    WRITE, audit",
        "User:schema-registry, READ,  inbox.cpd",
        "User:complaints-intake, READ, complaints",
        "User:complaints-intake, READ, audit",
        "User:complaints-intake, READ, checkpoints",
        "User:complaints-intake, READ, inbox.cpd",
        "User:cpd,             READ,  complaints",
        "User:gateway.cpd,     READ,  complaints",
        "User:auditor,         READ,  complaints",
        "User:liaison-streams, READ,  complaints",
        "User:cpd,             WRITE, complaints.status",
        "User:cpd,             READ,  referrals.ice",
        "User:complaints-intake, WRITE, referrals.cpd",
        "User:complaints-officer, READ, referrals.cpd",
    })
    void deniesCrossingABoundary(String principal, Operation operation, String topic) {
        assertThat(allows(principal, operation, topic)).isFalse();
    }

    @Test
    void adminNeedsNoEntryBecauseItIsTheSuperUser() {
        assertThat(RULES).noneMatch(r -> r.principal().equals("User:admin"));
    }

    @Test
    void everyRuleOfOneAgencyNamesOnlyItsOwnResourcesOrReadsTheControlPlane() {
        assertThat(RULES)
                .filteredOn(r -> r.principal().equals("User:cpd")
                        && !Set.of("trust", "policy").contains(r.name()))
                .extracting(AclRule::name)
                .containsOnly("ingress.cpd", "inbox.cpd", "keys.cpd", "referrals.cpd", "cpd.");
        assertThat(RULES)
                .filteredOn(r -> r.principal().equals("User:gateway.cpd"))
                .extracting(AclRule::name)
                .containsOnly("inbox.cpd", "keys.cpd", "audit", "trust", "policy");
        assertThat(RULES)
                .filteredOn(r -> Set.of("trust", "policy").contains(r.name())
                        && !r.principal().equals("User:liaison-streams"))
                .extracting(AclRule::operation)
                .containsOnly(Operation.READ);
    }

    @Test
    void theStreamsApplicationIdSetsItsGroupTransactionsAndInternalTopics() {
        SortedSet<AclRule> rules = new AclPlan("backbone-b").rules(List.of("cpd"));
        assertThat(rules)
                .filteredOn(r -> r.principal().equals("User:liaison-streams") && r.resource() != Resource.TOPIC)
                .extracting(AclRule::name)
                .containsOnly("backbone-b");
        assertThat(rules)
                .contains(new AclRule(
                        "User:liaison-streams", Resource.TOPIC, "backbone-b-", Pattern.PREFIXED, Operation.WRITE));
    }

    @Test
    void theSameAgenciesInAnyOrderGiveTheSameRules() {
        assertThat(AclPlan.defaults().rules(List.of("ice", "cpd"))).isEqualTo(RULES);
    }

    @Test
    void anAgencyNamedLikeAServiceUserIsRefused() {
        assertThatThrownBy(() -> AclPlan.defaults().rules(Set.of("auditor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void aMalformedApplicationIdIsRefusedByName() {
        assertThatThrownBy(() -> new AclPlan("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamsApplicationId");
    }

    /** Kafka's matching rule for ALLOW entries: a literal name equals, a prefix starts the topic name. */
    private static boolean allows(String principal, Operation operation, String topic) {
        return RULES.stream()
                .anyMatch(r -> r.principal().equals(principal)
                        && r.resource() == Resource.TOPIC
                        && r.operation() == operation
                        && (r.pattern() == Pattern.LITERAL ? r.name().equals(topic) : topic.startsWith(r.name())));
    }
}
