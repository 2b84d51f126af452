package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyGovernorTest {
    private static final Instant NOW = Instant.parse("2025-01-15T12:00:00Z");
    private final TestKeys keys = new TestKeys();
    private final SigningIdentity cpd = day("cpd", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity oversight = day("oversight", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity ice = day("ice", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity oversightWitness = day("oversight", KeyRole.WITNESS);
    private final Policy current = ExamplePolicy.load();
    private final Policy candidate = widened(current);
    private final ChainLink link = ChainLink.genesis(current.version()).next(candidate.version());

    @Test
    void signedByBothApproversOfTheCurrentVersionIsAccepted() {
        PolicyGovernor.Decision d = accept(approve(cpd), approve(oversight));

        assertThat(d).isEqualTo(new PolicyGovernor.Accepted(candidate, Set.of("cpd", "oversight")));
    }

    @Test
    void anUnsignedVersionIsRefused() {
        assertThat(accept())
                .isEqualTo(new PolicyGovernor.Refused(
                        "policy " + candidate.version() + " needs 2 of [cpd, oversight], has 0"));
    }

    @Test
    void oneOfTwoApprovalsIsRefused() {
        assertThat(accept(approve(cpd)))
                .isEqualTo(new PolicyGovernor.Refused(
                        "policy " + candidate.version() + " needs 2 of [cpd, oversight], has 1 [cpd]"));
    }

    @Test
    void twoApprovalsFromOneAgencyCountOnce() {
        SigningIdentity cpdSecondKey = day("cpd", KeyRole.AGENCY_SIGNING);

        assertThat(accept(approve(cpd), approve(cpdSecondKey)))
                .isEqualTo(new PolicyGovernor.Refused(
                        "policy " + candidate.version() + " needs 2 of [cpd, oversight], has 1 [cpd]"));
    }

    @Test
    void oneAgencysKeySigningInTheNameOfAnotherDoesNotCount() {
        SigningIdentity cpdPosingAsOversight = new SigningIdentity("oversight", cpd.keyId(), cpd.privateKey());

        assertThat(accept(approve(cpd), approve(cpdPosingAsOversight)))
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .endsWith(
                                        "has 1 [cpd]; not counted: oversight (key " + cpd.keyId()
                                                + "): key belongs to cpd as AGENCY_SIGNING, not to oversight as AGENCY_SIGNING"));
    }

    @Test
    void anAgencyThatIsNotACurrentApproverDoesNotCountEvenIfTheCandidateNamesIt() {
        assertThat(accept(approve(cpd), approve(ice)))
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .endsWith("has 1 [cpd]; not counted: ice (key " + ice.keyId()
                                        + "): not an approver under the policy in force"));
    }

    @Test
    void aKeyRevokedBeforeTheAppendTimeDoesNotCountEvenIfTheApprovalClaimsAnEarlierSigningTime() {
        keys.trust.revoke(oversight.keyId(), NOW.minusSeconds(60), "key-compromise");
        PolicyApproval backdated = PolicyApproval.sign(oversight, link, NOW.minusSeconds(3600));

        assertThat(accept(approve(cpd), backdated))
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .contains("oversight (key " + oversight.keyId() + "): key revoked at "
                                        + NOW.minusSeconds(60)
                                        + " (key-compromise), not valid when the record was appended at " + NOW));
    }

    @Test
    void aKeyIsJudgedAtTheAppendTimeNotNowSoALaterRevocationOrExpiryDoesNotUndoAnApproval() {
        SigningIdentity shortLived =
                keys.issue("oversight", KeyRole.AGENCY_SIGNING, NOW.minusSeconds(60), NOW.plusSeconds(60));
        keys.trust.revoke(cpd.keyId(), NOW.plusSeconds(600), "superseded");

        assertThat(accept(approve(cpd), approve(shortLived))).isInstanceOf(PolicyGovernor.Accepted.class);
    }

    @Test
    void anApprovalSignedOutsideItsKeysValidityDoesNotCount() {
        SigningIdentity newKey =
                keys.issue("oversight", KeyRole.AGENCY_SIGNING, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
        PolicyApproval claimsBeforeIssue = PolicyApproval.sign(newKey, link, NOW.minusSeconds(3600));

        assertThat(accept(approve(cpd), claimsBeforeIssue))
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .contains("key not valid at its stated signing time " + NOW.minusSeconds(3600)));
    }

    @Test
    void anApprovalOlderThanTheMaximumAgeOrFromAfterTheAppendDoesNotCount() {
        SigningIdentity longLived = keys.issue(
                "oversight", KeyRole.AGENCY_SIGNING, NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(1)));
        Instant tooOld = NOW.minus(PolicyGovernor.MAX_APPROVAL_AGE).minusSeconds(1);
        Instant tooLate = NOW.plus(PolicyGovernor.MAX_SIGNING_SKEW).plusSeconds(1);

        assertThat(accept(approve(cpd), PolicyApproval.sign(longLived, link, tooOld)))
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .contains("signed at " + tooOld
                                        + ", more than 30 days before the record was appended at " + NOW));
        assertThat(accept(approve(cpd), PolicyApproval.sign(longLived, link, tooLate)))
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .contains("signed at " + tooLate + ", after the record was appended at " + NOW));
        assertThat(accept(
                        approve(cpd), PolicyApproval.sign(longLived, link, NOW.plus(PolicyGovernor.MAX_SIGNING_SKEW))))
                .isInstanceOf(PolicyGovernor.Accepted.class);
    }

    @Test
    void aKeyOfTheWrongRoleOrASignatureOverAnotherPlaceDoesNotCount() {
        PolicyApproval witnessKey = approve(oversightWitness);
        PolicyApproval real = approve(oversight);
        PolicyApproval relabelled = new PolicyApproval(
                "oversight", oversight.keyId(), link, real.signedAt().plusMillis(1), real.signature());
        PolicyApproval elsewhere = PolicyApproval.sign(oversight, link.next(candidate.version()), NOW);

        PolicyGovernor.Decision d = accept(approve(cpd), witnessKey, relabelled, elsewhere);

        assertThat(d)
                .isInstanceOfSatisfying(
                        PolicyGovernor.Refused.class,
                        r -> assertThat(r.reason())
                                .contains("key belongs to oversight as WITNESS, not to oversight as AGENCY_SIGNING")
                                .contains("signature does not verify")
                                .contains("approves another place in the chain, " + link.next(candidate.version())));
    }

    private PolicyGovernor.Decision accept(PolicyApproval... approvals) {
        return PolicyGovernor.accept(current, candidate, link, List.of(approvals), NOW, keys.trust);
    }

    private PolicyApproval approve(SigningIdentity who) {
        return PolicyApproval.sign(who, link, NOW.minusSeconds(30));
    }

    private SigningIdentity day(String owner, KeyRole role) {
        return keys.issue(owner, role, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
    }

    /** The example policy with ice widened to receive every cpd incident report: exactly what approvals guard against. */
    static Policy widened(Policy current) {
        try {
            return PolicyLoader.parse(
                    "candidate.yaml",
                    current.source()
                            .replace(
                                    "        offenseCategory: [HOMICIDE", "        offenseCategory: [THEFT, HOMICIDE"));
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }
}
