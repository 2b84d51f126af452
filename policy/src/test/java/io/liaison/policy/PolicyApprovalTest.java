package io.liaison.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyApprovalTest {
    private static final Instant AT = Instant.parse("2025-01-15T12:00:00.123Z");
    private static final String V0 = "sha256:" + "00".repeat(32);
    private static final String V1 = "sha256:" + "11".repeat(32);

    @Test
    void theSigningInputIsTheDomainThenApproverKeySequencePredecessorVersionAndTime() {
        byte[] input = PolicyApproval.signingInput("cpd", "k1", new ChainLink(1, V0, V1), AT);

        String expected = hex("liaison/policy-approval/v2")
                + "00000003" + hex("cpd")
                + "00000002" + hex("k1")
                + "0000000000000001"
                + "00000047" + hex(V0)
                + "00000047" + hex(V1)
                + String.format("%016x", AT.toEpochMilli());
        assertThat(HexFormat.of().formatHex(input)).isEqualTo(expected);
    }

    @Test
    void anApprovalSurvivesItsJsonFormAndStillVerifies() throws Exception {
        TestKeys keys = new TestKeys();
        SigningIdentity cpd = keys.issue("cpd", KeyRole.AGENCY_SIGNING, AT.minusSeconds(60), AT.plusSeconds(60));
        PolicyApproval approval = PolicyApproval.sign(cpd, new ChainLink(1, V0, V1), AT.plusNanos(999));

        PolicyApproval read = PolicyApproval.fromJson(
                new ObjectMapper().readTree(approval.toJson().toString()));

        assertThat(read).isEqualTo(approval);
        assertThat(read.signedAt()).isEqualTo(AT);
        assertThat(io.liaison.kernel.crypto.Ed25519.verify(
                        keys.trust.key(cpd.keyId()).orElseThrow().publicKey(), read.signingInput(), read.signature()))
                .isTrue();
    }

    @Test
    void aDamagedApprovalNamesTheField() {
        ObjectMapper json = new ObjectMapper();
        String good = new PolicyApproval("cpd", "k1", new ChainLink(1, V0, V1), AT, new byte[64])
                .toJson()
                .toString();

        assertThatThrownBy(() ->
                        PolicyApproval.fromJson(json.readTree(good.replace("\"sequence\":1", "\"sequence\":\"1\""))))
                .hasMessage("approval: field 'sequence' is missing or not a whole number");
        assertThatThrownBy(() ->
                        PolicyApproval.fromJson(json.readTree(good.replace("2025-01-15T12:00:00.123Z", "yesterday"))))
                .hasMessageStartingWith("approval: field 'signedAt' is not an ISO-8601 instant");
        assertThatThrownBy(() -> PolicyApproval.fromJson(
                        json.readTree(good.replace("\"predecessor\":\"" + V0 + "\"", "\"predecessor\":\"\""))))
                .hasMessage("predecessor must be sha256:<64 hex digits>, was ''");
    }

    @Test
    void aPolicyRecordSurvivesItsBytesAndRefusesAVersionThatIsNotItsSourcesHash() {
        Policy genesis = ExamplePolicy.load();
        Policy next = PolicyChainTest.variant(genesis, "community-notices-to-public", "community-notices-to-public-x");
        ChainLink link = ChainLink.genesis(genesis.version()).next(next.version());
        PolicyProposal record = PolicyProposal.of(
                "next.yaml", next, link, List.of(new PolicyApproval("cpd", "k1", link, AT, new byte[64])));

        assertThat(PolicyProposal.fromBytes(record.toBytes())).isEqualTo(record);
        String tampered = new String(record.toBytes(), StandardCharsets.UTF_8)
                .replace("\"version\":\"" + next.version(), "\"version\":\"" + genesis.version());
        assertThatThrownBy(() -> PolicyProposal.fromBytes(tampered.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("policy record: field 'version' is " + genesis.version() + " but its source hashes to "
                        + next.version());
        assertThatThrownBy(() -> PolicyProposal.fromBytes("{\"source\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("policy record: field 'sequence' is missing or not a whole number");
        assertThatThrownBy(() -> new PolicyProposal("g.yaml", genesis.source(), 0, next.version(), List.of()))
                .hasMessageStartingWith("the genesis (sequence 0) has no predecessor");
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
