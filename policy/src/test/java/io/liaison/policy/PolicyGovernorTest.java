package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

class PolicyGovernorTest {
    private static final Instant NOW = Instant.parse("2025-01-15T12:00:00Z");
    private final TrustStore trust = new TrustStore();
    private final SigningIdentity cpd = identity("cpd", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity oversight = identity("oversight", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity ice = identity("ice", KeyRole.AGENCY_SIGNING);
    private final SigningIdentity oversightWitness = identity("oversight", KeyRole.WITNESS);
    private final Policy current = ExamplePolicy.load();
    private final Policy candidate = widened(current);

    @Test
    void signedByBothApproversOfTheCurrentVersionIsAccepted() {
        PolicyGovernor.Decision d = PolicyGovernor.accept(current, candidate,
                List.of(PolicyApproval.sign(cpd, candidate), PolicyApproval.sign(oversight, candidate)), trust, NOW);

        assertThat(d).isEqualTo(new PolicyGovernor.Accepted(candidate, Set.of("cpd", "oversight")));
    }

    @Test
    void anUnsignedVersionIsRefused() {
        assertThat(PolicyGovernor.accept(current, candidate, List.of(), trust, NOW)).isEqualTo(new PolicyGovernor.Refused(
                "policy " + candidate.version() + " needs 2 of [cpd, oversight], has 0"));
    }

    @Test
    void oneOfTwoApprovalsIsRefused() {
        PolicyGovernor.Decision d = PolicyGovernor.accept(current, candidate, List.of(PolicyApproval.sign(cpd, candidate)), trust, NOW);

        assertThat(d).isEqualTo(new PolicyGovernor.Refused("policy " + candidate.version() + " needs 2 of [cpd, oversight], has 1 [cpd]"));
    }

    @Test
    void twoApprovalsFromOneAgencyCountOnce() {
        SigningIdentity cpdSecondKey = identity("cpd", KeyRole.AGENCY_SIGNING);

        PolicyGovernor.Decision d = PolicyGovernor.accept(current, candidate,
                List.of(PolicyApproval.sign(cpd, candidate), PolicyApproval.sign(cpdSecondKey, candidate)), trust, NOW);

        assertThat(d).isInstanceOf(PolicyGovernor.Refused.class);
    }

    @Test
    void anAgencyThatIsNotACurrentApproverDoesNotCountEvenIfTheCandidateNamesIt() {
        PolicyGovernor.Decision d = PolicyGovernor.accept(current, candidate,
                List.of(PolicyApproval.sign(cpd, candidate), PolicyApproval.sign(ice, candidate)), trust, NOW);

        assertThat(d).isInstanceOfSatisfying(PolicyGovernor.Refused.class, r -> assertThat(r.reason())
                .endsWith("has 1 [cpd]; not counted: ice (key " + ice.keyId() + "): not an approver under the policy in force"));
    }

    @Test
    void aRevokedKeyDoesNotCount() {
        trust.revoke(oversight.keyId(), NOW.minusSeconds(60), "key compromise");

        PolicyGovernor.Decision d = PolicyGovernor.accept(current, candidate,
                List.of(PolicyApproval.sign(cpd, candidate), PolicyApproval.sign(oversight, candidate)), trust, NOW);

        assertThat(d).isInstanceOfSatisfying(PolicyGovernor.Refused.class, r -> assertThat(r.reason())
                .contains("oversight (key " + oversight.keyId() + "): key revoked at " + NOW.minusSeconds(60) + " (key compromise)"));
    }

    @Test
    void aKeyOfTheWrongRoleOrASignatureOverAnotherVersionDoesNotCount() {
        PolicyApproval witnessKey = PolicyApproval.sign(oversightWitness, candidate);
        PolicyApproval forged = new PolicyApproval("oversight", oversight.keyId(), candidate.version(),
                oversight.sign(PolicyApproval.signingInput(current.version())));

        PolicyGovernor.Decision d = PolicyGovernor.accept(current, candidate,
                List.of(PolicyApproval.sign(cpd, candidate), witnessKey, forged), trust, NOW);

        assertThat(d).isInstanceOfSatisfying(PolicyGovernor.Refused.class, r -> assertThat(r.reason())
                .contains("key belongs to oversight as WITNESS, not to oversight as AGENCY_SIGNING")
                .contains("signature does not verify"));
    }

    @Test
    void theVersionInForceIsNotAcceptedAgain() {
        assertThat(PolicyGovernor.accept(current, current, List.of(PolicyApproval.sign(cpd, current),
                PolicyApproval.sign(oversight, current)), trust, NOW)).isInstanceOf(PolicyGovernor.Refused.class);
    }

    /** The example policy with ice widened to receive every cpd incident report: exactly what approvals guard against. */
    private static Policy widened(Policy current) {
        try {
            return PolicyLoader.parse("candidate.yaml", current.source().replace(
                    "        offenseCategory: [HOMICIDE", "        offenseCategory: [THEFT, HOMICIDE"));
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }

    private SigningIdentity identity(String owner, KeyRole role) {
        AsymmetricCipherKeyPair pair = Ed25519.generate(new SecureRandom());
        String keyId = owner + "-" + role + "-" + System.identityHashCode(pair);
        trust.add(new TrustedKey(keyId, owner, role, (Ed25519PublicKeyParameters) pair.getPublic(),
                NOW.minusSeconds(86_400), NOW.plusSeconds(86_400)));
        return new SigningIdentity(owner, keyId, (Ed25519PrivateKeyParameters) pair.getPrivate());
    }
}
