package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.policy.ComplaintsPolicy.ComplaintField;
import org.junit.jupiter.api.Test;

class ComplaintsPolicyTest {
    @Test
    void theSectionDeclaresOversightTheCategoriesAndWhatTheConcernedAgencyReceives() throws Exception {
        Policy policy = PolicyLoader.parse("c.yaml", PolicyLoaderTest.MINIMAL + """
                complaints:
                  oversight: guard
                  categories:
                    use-of-force: Force used by an officer
                    other: Anything else
                  concernedAgencyReceives: [category, place]
                """);

        ComplaintsPolicy complaints = policy.complaints().orElseThrow();
        assertThat(complaints.oversight()).isEqualTo("guard");
        assertThat(complaints.publicAgency()).isEmpty();
        assertThat(complaints.categories()).containsKeys("use-of-force", "other");
        assertThat(complaints.isCategory("use-of-force")).isTrue();
        assertThat(complaints.isCategory("gossip")).isFalse();
        assertThat(complaints.concernedAgencyReceives())
                .containsExactlyInAnyOrder(ComplaintField.CATEGORY, ComplaintField.PLACE);
    }

    @Test
    void aPolicyWithoutTheSectionTakesNoComplaints() throws Exception {
        assertThat(PolicyLoader.parse("c.yaml", PolicyLoaderTest.MINIMAL).complaints())
                .isEmpty();
    }

    @Test
    void theExamplePolicyTakesComplaintsForOversightAndSharesNeitherDescriptionNorContact() {
        ComplaintsPolicy complaints = ExamplePolicy.load().complaints().orElseThrow();

        assertThat(complaints.oversight()).isEqualTo("oversight");
        assertThat(complaints.publicAgency()).contains("public");
        assertThat(complaints.concernedAgencyReceives())
                .containsExactlyInAnyOrder(ComplaintField.CATEGORY, ComplaintField.TIME, ComplaintField.PLACE);
    }

    @Test
    void errorsNameTheKeyAndTheContactCanNeverBeSharedWithAnAgency() {
        String broken = PolicyLoaderTest.MINIMAL + """
                complaints:
                  oversight: board
                  categories:
                    Use_Of_Force: Force
                  concernedAgencyReceives: [category, contact]
                  escalate: true
                """;

        assertThatThrownBy(() -> PolicyLoader.parse("c.yaml", broken))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "c.yaml:27: complaints.escalate: unknown key; expected one of [categories, concernedAgencyReceives, oversight, publicAgency]",
                                        "c.yaml:23: complaints.oversight: unknown agency 'board'; known: [cpd, guard]",
                                        "c.yaml:25: complaints.categories.Use_Of_Force: 'Use_Of_Force' is not a valid id (lower-case letters, digits and '-', starting with a letter)",
                                        "c.yaml:26: complaints.concernedAgencyReceives: unknown complaint field (the complainant's contact never leaves oversight) 'contact'; known: [category, time, place, description]"));
    }
}
