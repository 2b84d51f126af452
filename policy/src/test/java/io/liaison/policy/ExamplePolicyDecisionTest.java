package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExamplePolicyDecisionTest {
    private static final Policy POLICY = ExamplePolicy.load();

    /**
     * One row per (message, recipient): the expected outcome, the deciding rule and, for deliveries,
     * the purpose and profile. Caveats and attributes are {@code ;}-separated, attributes as k=v.
     */
    @ParameterizedTest(name = "{0} {1} [{2}|{3}|{4}] -> {5}: {6} {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # sender | type            | classification            | caveats  | attributes               | recipient | outcome | rule                                   | purpose                     | profile
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | -        | offenseCategory=SHOTS_FIRED | ice    | DELIVER | cpd-violent-incidents-to-ice-task-force | violent-crime-investigation | ice-task-force
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | -        | offenseCategory=THEFT    | ice       | DENY    | default-deny                           | -                           | -
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | ice       | DENY    | default-deny                           | -                           | -
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | JUVENILE | offenseCategory=ROBBERY  | ice       | DENY    | juvenile-reports-stay-local            | -                           | -
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | -        | offenseCategory=ROBBERY  | guard     | DENY    | default-deny                           | -                           | -
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | -        | offenseCategory=ROBBERY  | oversight | DELIVER | oversight-sees-every-dissemination     | oversight                   | metadata-only
            cpd      | IncidentReport  | LAW_ENFORCEMENT_SENSITIVE | JUVENILE | offenseCategory=ROBBERY  | oversight | DELIVER | oversight-sees-every-dissemination     | oversight                   | metadata-only
            cpd      | IncidentReport  | UNCLASSIFIED              | -        | offenseCategory=ROBBERY  | public    | DENY    | default-deny                           | -                           | -
            ice      | WarrantNotice   | LAW_ENFORCEMENT_SENSITIVE | -        | kind=CRIMINAL            | cpd       | DELIVER | ice-criminal-warrants-to-cpd           | violent-crime-investigation | partner-operational
            ice      | WarrantNotice   | LAW_ENFORCEMENT_SENSITIVE | -        | kind=CIVIL_ADMINISTRATIVE | cpd      | DENY    | ice-civil-warrants-not-to-cpd          | -                           | -
            ice      | WarrantNotice   | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | cpd       | DENY    | default-deny                           | -                           | -
            ice      | WarrantNotice   | LAW_ENFORCEMENT_SENSITIVE | -        | kind=CRIMINAL            | guard     | DENY    | default-deny                           | -                           | -
            ice      | WarrantNotice   | LAW_ENFORCEMENT_SENSITIVE | -        | kind=CIVIL_ADMINISTRATIVE | oversight | DELIVER | oversight-sees-every-dissemination    | oversight                   | metadata-only
            guard    | DeploymentOrder | CUI                       | -        | -                        | cpd       | DELIVER | partner-operations-to-cpd              | crowd-safety                | partner-operational
            guard    | DeploymentOrder | CUI                       | -        | -                        | ice       | DENY    | default-deny                           | -                           | -
            guard    | DeploymentOrder | CUI                       | -        | -                        | public    | DENY    | default-deny                           | -                           | -
            cpd      | DeploymentOrder | CUI                       | -        | -                        | guard     | DENY    | publisher-authority                    | -                           | -
            cpd      | DeploymentOrder | CUI                       | -        | -                        | oversight | DENY    | publisher-authority                    | -                           | -
            cpd      | ResourceRequest | CUI                       | -        | -                        | guard     | DELIVER | logistics-and-crowd-events-to-guard    | logistics                   | no-personal-data
            cpd      | SituationReport | CUI                       | -        | -                        | guard     | DELIVER | logistics-and-crowd-events-to-guard    | logistics                   | no-personal-data
            cpd      | SituationReport | CUI                       | -        | -                        | ice       | DELIVER | crowd-events-to-ice                    | crowd-safety                | no-personal-data
            guard    | SituationReport | CUI                       | -        | -                        | ice       | DELIVER | crowd-events-to-ice                    | crowd-safety                | no-personal-data
            ice      | SituationReport | CUI                       | -        | -                        | cpd       | DELIVER | partner-operations-to-cpd              | crowd-safety                | partner-operational
            ice      | SituationReport | CUI                       | -        | -                        | guard     | DELIVER | logistics-and-crowd-events-to-guard    | logistics                   | no-personal-data
            cpd      | CommunityNotice | UNCLASSIFIED              | -        | -                        | public    | DELIVER | community-notices-to-public            | public-reporting            | public
            cpd      | CommunityNotice | CUI                       | -        | -                        | public    | DENY    | default-deny                           | -                           | -
            guard    | CommunityNotice | UNCLASSIFIED              | -        | -                        | ice       | DELIVER | community-notices-to-partners          | crowd-safety                | public
            public   | CommunityNotice | UNCLASSIFIED              | -        | -                        | cpd       | DENY    | publisher-authority                    | -                           | -
            oversight | SituationReport | CUI                      | -        | -                        | cpd       | DENY    | publisher-authority                    | -                           | -
            fbi      | IncidentReport  | CUI                       | -        | -                        | cpd       | DENY    | unknown-sender                         | -                           | -
            cpd      | Directive       | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | guard     | DELIVER | command-directives-to-partners         | joint-command               | partner-operational
            guard    | Acknowledgement | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | cpd       | DELIVER | command-directives-to-partners         | joint-command               | partner-operational
            cpd      | Directive       | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | oversight | DELIVER | oversight-sees-every-dissemination     | oversight                   | metadata-only
            cpd      | Directive       | UNCLASSIFIED              | -        | -                        | public    | DENY    | default-deny                           | -                           | -
            ice      | Directive       | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | guard     | DENY    | publisher-authority                    | -                           | -
            cpd      | Escalation      | LAW_ENFORCEMENT_SENSITIVE | -        | -                        | guard     | DENY    | publisher-authority                    | -                           | -
            """)
    void examplePolicyDecides(
            String sender,
            String type,
            String classification,
            String caveats,
            String attributes,
            String recipient,
            String outcome,
            String rule,
            String purpose,
            String profile) {
        MessageFacts facts =
                new MessageFacts(sender, type, classification, split(caveats), Set.of(), parse(attributes));

        RecipientDecision decision = decisionFor(PolicyEngine.decide(POLICY, facts), recipient);

        assertThat(decision.ruleId()).isEqualTo(rule);
        if (outcome.equals("DELIVER")) {
            assertThat(decision).isEqualTo(new Deliver(recipient, purpose, rule, profile));
        } else {
            assertThat(decision).isInstanceOf(Deny.class);
            assertThat(((Deny) decision).reason()).isNotBlank();
        }
    }

    @Test
    void everyAgencyButTheSenderGetsExactlyOneDecision() {
        List<RecipientDecision> decisions =
                PolicyEngine.decide(POLICY, new MessageFacts("cpd", "IncidentReport", "CUI", Set.of(), Set.of()));

        assertThat(decisions)
                .extracting(RecipientDecision::recipient)
                .containsExactly("ice", "guard", "oversight", "public");
    }

    @Test
    void releasabilityExcludingTheRecipientDeniesEvenWhenARuleWouldAllow() {
        MessageFacts facts = new MessageFacts(
                "cpd", "IncidentReport", "CUI", Set.of(), Set.of("oversight"), Map.of("offenseCategory", "ROBBERY"));

        List<RecipientDecision> decisions = PolicyEngine.decide(POLICY, facts);

        assertThat(decisionFor(decisions, "ice"))
                .isEqualTo(new Deny(
                        "ice", PolicyEngine.RELEASABILITY, "the sender released this message only to [oversight]"));
        assertThat(decisionFor(decisions, "oversight")).isInstanceOf(Deliver.class);
    }

    @Test
    void cpdDataIsNeverDeliveredForCivilImmigrationEnforcementEvenWhenAskedExplicitly() {
        MessageFacts violent = new MessageFacts(
                "cpd", "IncidentReport", "CUI", Set.of(), Set.of(), Map.of("offenseCategory", "HOMICIDE"));

        RecipientDecision civil = PolicyEngine.decide(POLICY, violent, "ice", "civil-immigration-enforcement");

        assertThat(civil.ruleId()).isEqualTo("cpd-data-never-for-civil-immigration");
        assertThat(PolicyEngine.decide(POLICY, violent, "ice", "violent-crime-investigation"))
                .isInstanceOf(Deliver.class);
    }

    @Test
    void aPurposeTheRecipientMayNotDeclareIsDenied() {
        MessageFacts facts = new MessageFacts("guard", "DeploymentOrder", "CUI", Set.of(), Set.of());

        assertThat(PolicyEngine.decide(POLICY, facts, "public", "logistics").ruleId())
                .isEqualTo(PolicyEngine.PURPOSE_NOT_DECLARED);
    }

    @Test
    void publicReceivesOnlyCommunityNotices() {
        for (String type : POLICY.issuableBy("cpd")) {
            MessageFacts facts = new MessageFacts("cpd", type, "UNCLASSIFIED", Set.of(), Set.of());
            boolean delivered = decisionFor(PolicyEngine.decide(POLICY, facts), "public") instanceof Deliver;
            assertThat(delivered).as(type).isEqualTo(type.equals("CommunityNotice"));
        }
    }

    @Test
    void onlyTheGuardIssuesDeploymentOrdersAndThePublicIssuesNothing() {
        assertThat(POLICY.agencies())
                .filteredOn(a -> POLICY.mayIssue(a, "DeploymentOrder"))
                .containsExactly("guard");
        assertThat(POLICY.issuableBy("public")).isEmpty();
        assertThat(POLICY.issuableBy("oversight")).isEmpty();
    }

    @Test
    void rulesMatchingOnPayloadFieldsDeclareThem() {
        assertThat(POLICY.attributeFields("WarrantNotice")).containsExactly("kind");
        assertThat(POLICY.attributeFields("IncidentReport")).containsExactly("offenseCategory");
        assertThat(POLICY.attributeFields("CommunityNotice")).isEmpty();
    }

    @Test
    void nextVersionNeedsTheCityAndTheOversightBoard() {
        assertThat(POLICY.approvals()).isEqualTo(new ApprovalQuorum(2, Set.of("cpd", "oversight")));
    }

    private static RecipientDecision decisionFor(List<RecipientDecision> decisions, String recipient) {
        return decisions.stream()
                .filter(d -> d.recipient().equals(recipient))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no decision for " + recipient + " in " + decisions));
    }

    private static Set<String> split(String list) {
        return list == null ? Set.of() : Set.of(list.split(";"));
    }

    private static Map<String, String> parse(String attributes) {
        return attributes == null
                ? Map.of()
                : Arrays.stream(attributes.split(";"))
                        .map(kv -> kv.split("=", 2))
                        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
