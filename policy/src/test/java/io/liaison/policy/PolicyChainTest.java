package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain rule on plain records: what a backbone does with each record of the policy topic, in log order. */
class PolicyChainTest {
    private static final Instant T0 = Instant.parse("2025-01-15T12:00:00Z");
    private final TestKeys keys = new TestKeys();
    private final SigningIdentity cpd =
            keys.issue("cpd", KeyRole.AGENCY_SIGNING, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));
    private final SigningIdentity oversight =
            keys.issue("oversight", KeyRole.AGENCY_SIGNING, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)));
    private final Policy genesis = ExamplePolicy.load();
    private final Policy v1 = variant(genesis, "community-notices-to-public", "community-notices-to-public-v1");
    private final Policy v2 = variant(genesis, "community-notices-to-public", "community-notices-to-public-v2");
    private final PolicyChain chain = new PolicyChain(genesis);

    @Test
    void theNextSequenceAfterTheVersionInForceApprovedByItsQuorumIsAccepted() {
        ChainLink link = ChainLink.genesis(genesis.version()).next(v1.version());

        ChainDecision d = offer(chain, record(v1, link, cpd, oversight), T0);

        assertThat(d).isInstanceOfSatisfying(ChainDecision.Accepted.class, a -> {
            assertThat(a.link()).isEqualTo(link);
            assertThat(a.policy().version()).isEqualTo(v1.version());
            assertThat(a.approvedBy()).isEqualTo(Set.of("cpd", "oversight"));
        });
        assertThat(chain.head().version()).isEqualTo(v1.version());
        assertThat(chain.headLink()).isEqualTo(link);
    }

    @Test
    void anOlderApprovedRecordAppendedAgainIsRefusedAsAReplayAndTheVersionInForceStays() {
        PolicyProposal first = record(v1, ChainLink.genesis(genesis.version()).next(v1.version()), cpd, oversight);
        PolicyProposal second = record(v2, first.link().next(v2.version()), cpd, oversight);
        offer(chain, first, T0);
        offer(chain, second, T0.plusSeconds(60));

        ChainDecision d = offer(chain, first, T0.plusSeconds(120));

        assertThat(d).isInstanceOfSatisfying(ChainDecision.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(ChainDecision.Reason.REPLAYED);
            assertThat(r.detail())
                    .isEqualTo(first.link() + " was applied before and appended again; the policy in force is "
                            + second.link() + ", and a replay does not move it back");
        });
        assertThat(chain.headLink()).isEqualTo(second.link());
    }

    @Test
    void anotherVersionAtATakenSequenceIsRefusedAsStale() {
        ChainLink atOne = ChainLink.genesis(genesis.version()).next(v1.version());
        offer(chain, record(v1, atOne, cpd, oversight), T0);

        ChainDecision d =
                offer(chain, record(v2, ChainLink.genesis(genesis.version()).next(v2.version()), cpd, oversight), T0);

        assertThat(d)
                .isInstanceOfSatisfying(
                        ChainDecision.Refused.class, r -> assertThat(r.reason()).isEqualTo(ChainDecision.Reason.STALE));
        assertThat(chain.headLink()).isEqualTo(atOne);
    }

    @Test
    void aSequenceBeyondTheNextOrASuccessorOfAnotherVersionIsRefusedAndContradictsTheChain() {
        ChainLink skipping = new ChainLink(2, v1.version(), v2.version());
        ChainLink fork = new ChainLink(1, v1.version(), v2.version());

        ChainDecision gap = offer(chain, record(v2, skipping, cpd, oversight), T0);
        ChainDecision forked = offer(chain, record(v2, fork, cpd, oversight), T0);

        assertThat(gap)
                .isEqualTo(new ChainDecision.Refused(
                        ChainDecision.Reason.SEQUENCE_GAP,
                        skipping + " does not follow the policy in force, " + ChainLink.genesis(genesis.version())));
        assertThat(forked)
                .isEqualTo(new ChainDecision.Refused(
                        ChainDecision.Reason.PREDECESSOR_MISMATCH,
                        fork + " does not succeed the policy in force, " + ChainLink.genesis(genesis.version())));
        assertThat(chain.head()).isSameAs(genesis);
    }

    @Test
    void theGenesisRecordMustBeThePinnedOne() {
        assertThat(offer(chain, PolicyProposal.genesis("policy.yaml", genesis), T0))
                .isEqualTo(new ChainDecision.GenesisConfirmed(ChainLink.genesis(genesis.version())));

        ChainDecision other = offer(chain, PolicyProposal.genesis("other.yaml", v1), T0);

        assertThat(other)
                .isEqualTo(new ChainDecision.Refused(
                        ChainDecision.Reason.GENESIS_MISMATCH,
                        "the policy topic's chain starts at " + v1.version() + ", but the pinned genesis is "
                                + genesis.version()));
    }

    @Test
    void oneAgencyAloneCannotMakeTheQuorumOfTwo() {
        ChainLink link = ChainLink.genesis(genesis.version()).next(v1.version());
        SigningIdentity cpdAsOversight = new SigningIdentity("oversight", cpd.keyId(), cpd.privateKey());

        ChainDecision d = offer(chain, record(v1, link, cpd, cpdAsOversight), T0);

        assertThat(d).isInstanceOfSatisfying(ChainDecision.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(ChainDecision.Reason.QUORUM_NOT_MET);
            assertThat(r.detail()).contains("needs 2 of [cpd, oversight], has 1 [cpd]");
        });
        assertThat(chain.head()).isSameAs(genesis);
    }

    @Test
    void aRestartAfterTheApproversKeysWereRotatedAndExpiredReplaysTheHistoricChainToTheSameVersion() {
        SigningIdentity shortLived =
                keys.issue("oversight", KeyRole.AGENCY_SIGNING, T0.minusSeconds(60), T0.plusSeconds(120));
        PolicyProposal first = record(v1, ChainLink.genesis(genesis.version()).next(v1.version()), cpd, shortLived);
        PolicyProposal second = record(v2, first.link().next(v2.version()), cpd, shortLived);
        List<PolicyProposal> topic = List.of(PolicyProposal.genesis("policy.yaml", genesis), first, second, first);
        List<Instant> appended = List.of(T0, T0, T0.plusSeconds(60), T0.plusSeconds(90));
        PolicyChain live = new PolicyChain(genesis);
        for (int i = 0; i < topic.size(); i++) {
            offer(live, topic.get(i), appended.get(i));
        }
        keys.trust.revoke(
                cpd.keyId(), T0.plus(Duration.ofHours(1)), "superseded"); // rotated; shortLived expires at T0+120s

        PolicyChain restarted = new PolicyChain(genesis);
        for (int i = 0; i < topic.size(); i++) {
            offer(restarted, topic.get(i), appended.get(i));
        }

        assertThat(live.headLink()).isEqualTo(second.link());
        assertThat(restarted.headLink()).isEqualTo(live.headLink());
        assertThat(restarted.head().version()).isEqualTo(v2.version());
    }

    @Test
    void aRecordWithoutBrokerAppendTimeOrWithInvalidYamlIsRefused() {
        ChainLink link = ChainLink.genesis(genesis.version()).next(v1.version());
        String broken = genesis.source() + "\nunknown-key: 1\n";
        ChainLink brokenLink = ChainLink.genesis(genesis.version()).next(PolicyLoader.versionOf(broken));

        ChainDecision untimed = chain.offer(record(v1, link, cpd, oversight), Optional.empty(), keys.trust);
        ChainDecision invalid =
                offer(chain, new PolicyProposal("broken.yaml", broken, 1, genesis.version(), List.of()), T0);

        assertThat(untimed)
                .isInstanceOfSatisfying(
                        ChainDecision.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(ChainDecision.Reason.APPEND_TIME_UNKNOWN));
        assertThat(invalid).isInstanceOfSatisfying(ChainDecision.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(ChainDecision.Reason.INVALID_POLICY);
            assertThat(r.detail()).startsWith(brokenLink + " is not a valid policy: broken.yaml:");
        });
    }

    @Test
    void onlyRecordsClaimingAPlaceTheBackboneCannotReachContradictTheChain() {
        assertThat(Arrays.stream(ChainDecision.Reason.values()).filter(ChainDecision.Reason::contradictsChain))
                .containsExactlyInAnyOrder(
                        ChainDecision.Reason.GENESIS_MISMATCH,
                        ChainDecision.Reason.SEQUENCE_GAP,
                        ChainDecision.Reason.PREDECESSOR_MISMATCH);
    }

    private ChainDecision offer(PolicyChain target, PolicyProposal record, Instant appendedAt) {
        return target.offer(record, Optional.of(appendedAt), keys.trust);
    }

    private static PolicyProposal record(Policy policy, ChainLink link, SigningIdentity... approvers) {
        return PolicyProposal.of(
                "candidate.yaml",
                policy,
                link,
                Arrays.stream(approvers)
                        .map(a -> PolicyApproval.sign(a, link, T0.minusSeconds(10)))
                        .toList());
    }

    static Policy variant(Policy base, String from, String to) {
        try {
            String source = base.source().replace(from, to);
            assertThat(source).isNotEqualTo(base.source());
            return PolicyLoader.parse("variant.yaml", source);
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }
}
