package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.policy.Policy;
import io.liaison.policy.PolicyLoader;
import io.liaison.web.auth.CallerIdentity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedAccessTest {
    private static final Policy POLICY = load();

    private static Policy load() {
        try {
            return PolicyLoader.load(Path.of("../config/policy.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CallerIdentity analyst(String agency) {
        return new CallerIdentity(agency, "jdoe", CallerIdentity.Method.BEARER_TOKEN);
    }

    @Test
    void anAnalystReadsOnlyTheirOwnAgencysFeed() {
        assertThat(FeedAccess.checkAgency(analyst("cpd"), "cpd")).isEmpty();
        assertThat(FeedAccess.checkAgency(analyst("ice"), "cpd")).hasValueSatisfying(r -> {
            assertThat(r.reasonCode()).isEqualTo(FeedAccess.OTHER_AGENCY);
            assertThat(r.message()).contains("ice").contains("cpd");
        });
    }

    @Test
    void aGatewayServesOnlyTheAgencyWhoseKeyItHolds() {
        assertThat(FeedAccess.checkServed(analyst("cpd"), "cpd")).isEmpty();
        assertThat(FeedAccess.checkServed(analyst("ice"), "cpd")).hasValueSatisfying(r -> {
            assertThat(r.reasonCode()).isEqualTo(FeedAccess.NOT_THIS_GATEWAY);
            assertThat(r.message()).contains("serves cpd only").contains("ice's gateway");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "cpd, crowd-safety, ",
        "cpd, public-reporting, ",
        "ice, civil-immigration-enforcement, ",
        "cpd, civil-immigration-enforcement, PURPOSE_NOT_PERMITTED",
        "guard, violent-crime-investigation, PURPOSE_NOT_PERMITTED",
        "public, oversight, PURPOSE_NOT_PERMITTED",
        "nobody, oversight, AGENCY_NOT_IN_POLICY",
    })
    void aPurposeMustBeOneThePolicyLetsTheAgencyDeclare(String agency, String purpose, String refusal) {
        assertThat(FeedAccess.checkPurpose(analyst(agency), purpose, POLICY)
                        .map(FeedAccess.Refusal::reasonCode)
                        .orElse(null))
                .isEqualTo(refusal);
    }
}
