package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    static final String MINIMAL = """
            name: minimal
            purposes:
              logistics: Moving things.
            agencies:
              cpd: {name: City police, role: police, purposes: [logistics], standing: [logistics]}
              guard: {name: Guard, role: guard, purposes: [logistics], standing: [logistics]}
            publishers:
              guard: [ResourceRequest]
            profiles:
              ops:
                description: Operational only.
                actions: {OPERATIONAL: KEEP}
            rules:
              - id: requests-to-cpd
                description: Resource requests go to the police.
                effect: allow
                profile: ops
                match: {messageTypes: [ResourceRequest], recipients: [cpd]}
            approvals:
              required: 2
              approvers: [cpd, guard]
            """;

    @Test
    void retentionIsDeclaredPerRecipientWithPerTypeOverridesThatInheritTheDefault() throws Exception {
        Policy policy = PolicyLoader.parse("r.yaml", MINIMAL + """
                retention:
                  cpd:
                    inbox: P30D
                    reviewEvery: P1Y
                    messageTypes:
                      WarrantNotice: {inbox: P5Y}
                      SituationReport: {reviewEvery: P3M}
                """);

        RecipientRetention cpd = policy.retention().get("cpd");
        assertThat(cpd.inbox()).isEqualTo(new RetentionTerm(Period.ofDays(30), Optional.of(Period.ofYears(1))));
        assertThat(policy.retention("cpd", "WarrantNotice"))
                .contains(new RetentionTerm(Period.ofYears(5), Optional.of(Period.ofYears(1))));
        assertThat(policy.retention("cpd", "SituationReport"))
                .contains(new RetentionTerm(Period.ofDays(30), Optional.of(Period.ofMonths(3))));
        assertThat(policy.retention("cpd", "ResourceRequest")).contains(cpd.inbox());
        assertThat(policy.retention("guard", "ResourceRequest")).isEmpty();
        assertThat(cpd.longestKeep()).isEqualTo(Duration.ofDays(5 * 366));
    }

    @Test
    void theExamplePolicyKeepsIntelligenceFiveYearsWithYearlyReviewAndOperationalReportsThirtyDays() {
        Policy example = ExamplePolicy.load();

        assertThat(example.retention("ice", "IncidentReport"))
                .contains(new RetentionTerm(Period.ofYears(5), Optional.of(Period.ofYears(1))));
        assertThat(example.retention("cpd", "SituationReport").orElseThrow().keep())
                .isEqualTo(Period.ofDays(30));
    }

    @Test
    void retentionErrorsNameTheKey() {
        String broken = MINIMAL + """
                retention:
                  dea:
                    inbox: P30D
                  cpd:
                    inbox: P0D
                    reviewEvery: soon
                    messageTypes:
                      Gossip: {inbox: P1D}
                      WarrantNotice: {inbox: P6Y}
                      IncidentReport: {inbox: P10Y, reviewEvery: P1Y}
                      SituationReport: {inbox: -P1D}
                """;

        assertThatThrownBy(() -> PolicyLoader.parse("r.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "r.yaml:23: retention.dea: unknown agency 'dea'; known: [cpd, guard]",
                                        "r.yaml:26: retention.cpd.inbox: expected a positive ISO-8601 period such as P30D or P1Y, got 'P0D'",
                                        "r.yaml:27: retention.cpd.reviewEvery: expected a positive ISO-8601 period such as P30D or P1Y, got 'soon'",
                                        "r.yaml:29: retention.cpd.messageTypes.Gossip: unknown message type 'Gossip'; known: "
                                                + new LinkedHashSet<>(io.liaison.schemas.LiaisonSchemas.messageTypes()),
                                        "r.yaml:30: retention.cpd.messageTypes.WarrantNotice: kept P6Y, longer than P5Y, without a reviewEvery of at most P5Y (28 CFR 23.20(h))",
                                        "r.yaml:32: retention.cpd.messageTypes.SituationReport.inbox: expected a positive ISO-8601 period such as P30D or P1Y, got '-P1D'"));
    }

    @Test
    void aValidPolicyLoadsWithItsVersionTheHashOfItsBytes() throws Exception {
        Policy policy = PolicyLoader.parse("minimal.yaml", MINIMAL);

        assertThat(policy.version()).isEqualTo(PolicyLoader.versionOf(MINIMAL)).matches("sha256:[0-9a-f]{64}");
        assertThat(policy.agencies()).containsExactly("cpd", "guard");
        assertThat(policy.mayIssue("guard", "ResourceRequest")).isTrue();
        assertThat(policy.mayIssue("cpd", "ResourceRequest")).isFalse();
        assertThat(policy.source()).isEqualTo(MINIMAL);
    }

    @Test
    void theVersionChangesWithAnyByteEvenAComment() throws Exception {
        String reformatted = "# a comment\n" + MINIMAL;

        assertThat(PolicyLoader.parse("a", reformatted).version())
                .isNotEqualTo(PolicyLoader.parse("a", MINIMAL).version());
    }

    @Test
    void theExamplePolicyIsValidAndLoadingItTwiceGivesTheSameVersion() throws Exception {
        Policy once = PolicyLoader.load(ExamplePolicy.FILE);
        String text = Files.readString(ExamplePolicy.FILE, StandardCharsets.UTF_8);

        assertThat(once.version()).isEqualTo(PolicyLoader.parse("copy", text).version());
    }

    @Test
    void everyErrorIsReportedWithFileLineAndKey() {
        String broken = MINIMAL.replace("standing: [logistics]}\n  guard", "standing: [crowd-safety]}\n  guard")
                .replace("actions: {OPERATIONAL: KEEP}", "actions: {OPERATIONAL: KEEP, SECRET: KEEP, PII: SHRED}")
                .replace("recipients: [cpd]}", "recipients: [CPD]}")
                .replace("effect: allow", "effect: permit")
                .replace("required: 2", "required: 3");

        assertThatThrownBy(() -> PolicyLoader.parse("broken.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "broken.yaml:5: agencies.cpd.standing: unknown purpose this agency declares 'crowd-safety'; known: [logistics]",
                                        "broken.yaml:12: profiles.ops.actions.SECRET: unknown sensitivity tag 'SECRET'; tags are "
                                                + List.of(io.liaison.schemas.Sensitivity.values()),
                                        "broken.yaml:12: profiles.ops.actions.PII: unknown action 'SHRED'; actions are "
                                                + List.of(Action.values()),
                                        "broken.yaml:16: rules[0](requests-to-cpd).effect: expected 'allow' or 'deny', got 'permit'",
                                        "broken.yaml:18: rules[0](requests-to-cpd).match.recipients: unknown agency 'CPD'; known: [cpd, guard]",
                                        "broken.yaml:20: approvals.required: must be between 1 and the number of approvers (2), was 3"));
    }

    @Test
    void missingAndUnknownKeysAreNamed() {
        String broken = MINIMAL.replace("name: minimal\n", "nmae: minimal\n");

        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "p.yaml:1: nmae: unknown key; expected one of [agencies, approvals, command, complaints, description, name, profiles, publishers, purposes, retention, rules]",
                                        "p.yaml:1: name: missing required key"));
    }

    @Test
    void duplicateKeysAndRuleIdsAreErrors() {
        String broken = MINIMAL.replace(
                        "  guard: [ResourceRequest]\n", "  guard: [ResourceRequest]\n  guard: [SituationReport]\n")
                .replace("approvals:", """
                          - id: requests-to-cpd
                            description: The same id again.
                            effect: deny
                            match: {senders: [guard]}
                        approvals:""".stripIndent());

        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "p.yaml:9: publishers.guard: duplicate key",
                                        "p.yaml:20: rules[1].id: duplicate rule id 'requests-to-cpd'"));
    }

    @Test
    void aProfileNamesAMaskStylePerMaskedTagAndANameOnlyMasksFully() throws Exception {
        String masked = MINIMAL.replace(
                "actions: {OPERATIONAL: KEEP}",
                "actions: {OPERATIONAL: KEEP, PHONE: MASK, NAME: MASK, PII: MASK}\n    masks: {PHONE: last4_digits}");

        RedactionProfile ops =
                PolicyLoader.parse("p.yaml", masked).profile("ops").orElseThrow();

        assertThat(ops.masks()).containsExactly(Map.entry("PHONE", MaskStyle.LAST4_DIGITS));
        assertThat(ops.maskStyle(Set.of("PII", "PHONE")))
                .as("PII masks FULL, the default")
                .isEqualTo(MaskStyle.FULL);
    }

    @Test
    void aMaskStyleForANameForAnUnmaskedTagOrOfNoKnownKindIsAnError() {
        String broken = MINIMAL.replace(
                "actions: {OPERATIONAL: KEEP}",
                "actions: {OPERATIONAL: KEEP, NAME: MASK, PHONE: MASK}\n    masks: {NAME: LAST4_DIGITS, OPERATIONAL: FULL, PHONE: HALF}");

        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "p.yaml:13: profiles.ops.masks.NAME: a masked name shows nothing of itself: NAME masks FULL",
                                        "p.yaml:13: profiles.ops.masks.OPERATIONAL: the profile does not MASK OPERATIONAL (its action is KEEP), so it takes no mask style",
                                        "p.yaml:13: profiles.ops.masks.PHONE: unknown mask style 'HALF'; styles are [FULL, LAST4_DIGITS]"));
    }

    @Test
    void aSingleApproverCannotGovernThePolicy() {
        String solo = MINIMAL.replace("required: 2\n  approvers: [cpd, guard]", "required: 1\n  approvers: [cpd]");

        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", solo))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        "p.yaml:20: approvals.required: must be at least 2, so that no single agency can change the policy alone"));
    }

    @Test
    void aRuleThatCouldNeverApplyToItsRecipientIsAnError() {
        String broken = MINIMAL.replace(
                        "purposes:\n  logistics: Moving things.\n",
                        "purposes:\n  logistics: Moving things.\n  oversight: Review.\n")
                .replace("recipients: [cpd]}", "recipients: [cpd], purposes: [oversight]}");

        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactly("p.yaml:19: rules[0](requests-to-cpd).match.purposes: recipient 'cpd' "
                                        + "declares none of [oversight], so the rule can never apply to it"));
    }

    @Test
    void attributesMustNameATopLevelFieldOfEachMessageTypeAndAValidSymbol() {
        String broken = MINIMAL.replace(
                "match: {messageTypes: [ResourceRequest], recipients: [cpd]}",
                "match: {messageTypes: [ResourceRequest], recipients: [cpd], attributes: {resourceType: [TANKS], kind: [CRIMINAL]}}");

        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "p.yaml:18: rules[0](requests-to-cpd).match.attributes.resourceType: unknown value of resourceType 'TANKS'; "
                                                + "known: [BARRIERS, LIGHTING, MEDICAL, TRANSPORT, PERSONNEL, COMMUNICATIONS, OTHER]",
                                        "p.yaml:18: rules[0](requests-to-cpd).match.attributes.kind: ResourceRequest has no top-level field 'kind'"));
    }

    @Test
    void aSyntaxErrorNamesItsLine() {
        assertThatThrownBy(() -> PolicyLoader.parse("p.yaml", "name: x\nagencies: [unclosed\n"))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .asString()
                                .startsWith("p.yaml:")
                                .contains("(syntax)"));
    }

    @Test
    void loadReportsTheFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, MINIMAL.replace("required: 2", "required: two"));

        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(file + ":20: approvals.required: expected a whole number, got 'two'"));
    }
}
