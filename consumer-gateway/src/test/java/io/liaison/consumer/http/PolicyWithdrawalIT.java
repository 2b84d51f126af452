package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.PolicyLoader;
import io.liaison.policy.PolicyProposal;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recipient agency's analyst keeps a feed open for a purpose that an approved new policy version
 * takes away from the agency: the gateway, following the policy topic, closes that feed with a
 * {@code closed} event naming the reason and the version, refuses a new subscription (403), and
 * leaves other agencies' feeds for the purpose alone. No restart.
 */
class PolicyWithdrawalIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PURPOSE = "crowd-safety";

    private static InboxFixture fixture;
    /** One gateway per agency, as deployed: ice's and guard's, both following the same control plane. */
    private static final Map<String, ConsumerGatewayServer> GATEWAYS = new HashMap<>();

    @BeforeAll
    static void start() {
        fixture = new InboxFixture();
        for (String agency : List.of("ice", "guard")) {
            GATEWAYS.put(
                    agency,
                    ConsumerGatewayServer.start(
                            fixture.gatewayConfig(),
                            fixture.controlPlane,
                            fixture.decryptionKeys.get(agency),
                            Clock.systemUTC()));
        }
    }

    @AfterAll
    static void stop() {
        GATEWAYS.values().forEach(ConsumerGatewayServer::close);
        fixture.close();
    }

    @Test
    void aPolicyVersionWithdrawingAPurposeClosesTheAgencysOpenFeedAndRefusesNewOnes() throws Exception {
        String iceAnalyst = "agent-" + ConsumerGatewayIT.marker();
        String marker = ConsumerGatewayIT.marker();
        try (SseTestClient iceFeed = feed("ice", iceAnalyst, "&q=" + marker);
                SseTestClient guardFeed = feed("guard", "sergeant-" + ConsumerGatewayIT.marker(), "&q=" + marker)) {
            assertThat(iceFeed.status).isEqualTo(200);
            assertThat(guardFeed.status).isEqualTo(200);
            InboxFixture.Published before = fixture.publish("ice", PURPOSE, marker);
            await().atMost(WAIT).until(() -> iceFeed.messageIds().contains(before.messageId()));

            Policy withdrawn = publishApproved(withoutCrowdSafetyForIce(fixture.policy.source()));
            await().atMost(WAIT)
                    .until(() -> fixture.controlPlane.policy().version().equals(withdrawn.version()));

            JsonNode closed = await().atMost(WAIT)
                    .until(() -> iceFeed.named("closed"), e -> !e.isEmpty())
                    .get(0)
                    .data();
            assertThat(closed.path("reason").asText()).isEqualTo(FeedClosure.PURPOSE_WITHDRAWN);
            assertThat(closed.path("policyVersion").asText()).isEqualTo(withdrawn.version());
            assertThat(closed.path("detail").asText()).contains("may not declare purpose '" + PURPOSE + "'");
            await().atMost(WAIT).until(iceFeed::ended);

            InboxFixture.Published after = fixture.publish("guard", PURPOSE, marker);
            await().atMost(WAIT).until(() -> guardFeed.messageIds().contains(after.messageId()));
            assertThat(guardFeed.named("closed"))
                    .as("guard may still declare crowd-safety")
                    .isEmpty();
            assertThat(guardFeed.ended()).isFalse();
        }

        HttpResponse<String> resubscribe = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(GATEWAYS.get("ice").baseUrl() + "/v1/agencies/ice/feed?purpose=" + PURPOSE))
                        .timeout(WAIT)
                        .header("Authorization", "Bearer " + fixture.token("ice", iceAnalyst))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resubscribe.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(resubscribe.body()).path("error").asText())
                .contains("may not declare purpose '" + PURPOSE + "'");
        List<AuditRecord> denied = await().atMost(WAIT)
                .until(
                        () -> fixture.auditRecords().stream()
                                .filter(r -> iceAnalyst.equals(r.getRecipientPerson())
                                        && r.getDecision() == AuditDecision.ACCESS_DENIED)
                                .toList(),
                        records -> records.size() == 2);
        assertThat(denied)
                .extracting(AuditRecord::getReasonCode)
                .containsExactlyInAnyOrder(FeedClosure.PURPOSE_WITHDRAWN, FeedAccess.PURPOSE_NOT_PERMITTED);
    }

    private static SseTestClient feed(String agency, String analyst, String filters) {
        return SseTestClient.open(
                HTTP,
                GATEWAYS.get(agency).baseUrl() + "/v1/agencies/" + agency + "/feed?purpose=" + PURPOSE + filters,
                fixture.token(agency, analyst),
                null);
    }

    /**
     * Publishes {@code source} as the next link after the genesis, signed by the approvers the
     * genesis names (cpd and oversight), as {@code liaison policy approve} and {@code publish} do.
     */
    private static Policy publishApproved(String source) throws Exception {
        Policy candidate = PolicyLoader.parse("withdrawn.yaml", source);
        ChainLink link = ChainLink.genesis(fixture.policy.version()).next(candidate.version());
        fixture.publisher.publishPolicy(PolicyProposal.of(
                "withdrawn.yaml",
                candidate,
                link,
                List.of(
                        PolicyApproval.sign(fixture.agencyKeys.get("cpd"), link, Instant.now()),
                        PolicyApproval.sign(fixture.agencyKeys.get(InboxFixture.OVERSIGHT), link, Instant.now()))));
        return candidate;
    }

    /** The example policy with crowd-safety taken from ice: its purposes, its standing, and the rules that named it. */
    private static String withoutCrowdSafetyForIce(String source) {
        String withdrawn = replaceOnce(
                source,
                "purposes: [violent-crime-investigation, criminal-immigration-enforcement, civil-immigration-enforcement, crowd-safety, joint-command]\n"
                        + "    standing: [violent-crime-investigation, crowd-safety, joint-command]",
                "purposes: [violent-crime-investigation, criminal-immigration-enforcement, civil-immigration-enforcement, joint-command]\n"
                        + "    standing: [violent-crime-investigation, joint-command]");
        int rule = withdrawn.indexOf("  - id: crowd-events-to-ice\n");
        int next = withdrawn.indexOf("  - id: ", rule + 1);
        assertThat(rule).as("the rule crowd-events-to-ice").isPositive();
        withdrawn = withdrawn.substring(0, rule) + withdrawn.substring(next);
        return replaceOnce(
                withdrawn,
                "      recipients: [cpd, ice, guard]\n      purposes: [crowd-safety]",
                "      recipients: [cpd, guard]\n      purposes: [crowd-safety]");
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text)
                .as("the example policy still reads as this test expects")
                .contains(from);
        return text.replace(from, to);
    }
}
