package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.topics.TopicPlan;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.PolicyHolder;
import io.liaison.embedded.TempDirs;
import io.liaison.embedded.kafka.BrokerConfig;
import io.liaison.embedded.kafka.BrokerSecurity;
import io.liaison.embedded.kafka.EmbeddedKafkaBroker;
import io.liaison.pki.PkiDirectory;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway on the real broker and registry, driven over HTTP as analysts would. */
class ConsumerGatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PURPOSE = "crowd-safety";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static InboxFixture fixture;
    private static ConsumerGatewayServer gateway;
    /** cpd's and guard's identity providers (a real OIDC server with JWKS), and an issuer no agency uses. */
    private static MockOAuth2Server idp;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fixture = new InboxFixture();
        idp = new MockOAuth2Server();
        idp.start();
        gateway = ConsumerGatewayServer.start(
                fixture.gatewayConfig(),
                List.of(
                        GatewayAuthenticatorTest.provider(idp, "cpd", "cpd-idp"),
                        GatewayAuthenticatorTest.provider(idp, "guard", "guard-idp")),
                fixture.controlPlane,
                fixture.decryptionKeys.get("cpd"),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixture.close();
        idp.shutdown();
    }

    private static String idpToken(
            String issuerId, String subject, String audience, Map<String, Object> claims, long expiry) {
        return idp.issueToken(issuerId, subject, audience, claims, expiry).serialize();
    }

    @Test
    void anAnalystLoggedInWithMultiFactorAtTheirAgencysProviderReadsTheFeedAndIsAuditedByName() throws Exception {
        String analyst = "oidc-" + marker();
        String marker = marker();
        String token = idpToken(
                "cpd-idp", analyst, GatewayAuthenticatorTest.AUDIENCE, GatewayAuthenticatorTest.MFA_LOGIN, 300);
        InboxFixture.Published published;
        try (SseTestClient feed = open(token, "purpose=" + PURPOSE + "&q=" + marker, null)) {
            assertThat(feed.status).isEqualTo(200);
            published = fixture.publish("cpd", PURPOSE, marker);
            await().atMost(WAIT).until(() -> feed.messageIds().contains(published.messageId()));
        }
        AuditRecord subscribed = auditOf(analyst);
        assertThat(subscribed.getDecision()).isEqualTo(AuditDecision.SUBSCRIBED);
        assertThat(subscribed.getRecipient()).isEqualTo("cpd");
        assertThat(subscribed.getRecipientPerson()).isEqualTo(analyst);
        assertThat(subscribed.getPurpose()).isEqualTo(PURPOSE);
        AuditRecord viewed = viewedBy(analyst, published.messageId(), AuditTrail.METHOD_SSE);
        assertThat(viewed.getRecipient()).isEqualTo("cpd");
        assertThat(viewed.getPurpose()).isEqualTo(PURPOSE);
        assertThat(viewed.getSourceTopic()).isEqualTo("inbox.cpd");
        assertThat(viewed.getSourceOffset()).isNotNull();

        // the same analyst's REST page: each copy on it is audited with their subject before it is sent
        HttpResponse<String> page = get("/v1/agencies/cpd/messages?purpose=" + PURPOSE + "&q=" + marker, token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(page.body())
                        .path("events")
                        .get(0)
                        .path("data")
                        .path("messageId")
                        .asText())
                .isEqualTo(published.messageId());
        assertThat(viewedBy(analyst, published.messageId(), AuditTrail.METHOD_REST)
                        .getPolicyVersion())
                .isEqualTo(fixture.policy.version());
    }

    /** The VIEWED record of {@code messageId} served to {@code analyst} by {@code method}. */
    private static AuditRecord viewedBy(String analyst, String messageId, String method) {
        return await().atMost(WAIT)
                .until(
                        () -> fixture.auditRecords().stream()
                                .filter(r -> r.getDecision() == AuditDecision.VIEWED
                                        && analyst.equals(r.getRecipientPerson())
                                        && messageId.equals(r.getMessageId())
                                        && method.equals(r.getMethod()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "expired, cpd-idp, liaison-gateway-cpd, mfa, -120, Expired JWT",
        "wrong issuer, rogue-idp, liaison-gateway-cpd, mfa, 300, is not the identity provider of any agency",
        "wrong audience, cpd-idp, records-system, mfa, 300, audience rejected",
        "missing MFA, cpd-idp, liaison-gateway-cpd, none, 300, token acr is absent: a multi-factor login"
    })
    void anIdentityProviderTokenThatDoesNotHoldIsRefusedWith401NamingWhy(
            String attack, String issuer, String audience, String login, long expiry, String reason) throws Exception {
        Map<String, Object> claims =
                login.equals("mfa") ? GatewayAuthenticatorTest.MFA_LOGIN : Map.of("groups", List.of("crowd-analysts"));
        HttpResponse<String> response =
                get("/v1/agencies/cpd/feed?purpose=" + PURPOSE, idpToken(issuer, "jdoe", audience, claims, expiry));

        assertThat(response.statusCode()).as(attack).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .as(attack)
                .contains(reason);
    }

    @Test
    void aTokenOfAnotherAgencysProviderCannotOpenThisAgencysFeedAndIsAuditedByName() throws Exception {
        String analyst = "guard-" + marker();
        String token = idpToken(
                "guard-idp", analyst, GatewayAuthenticatorTest.AUDIENCE, GatewayAuthenticatorTest.MFA_LOGIN, 300);

        HttpResponse<String> response = get("/v1/agencies/cpd/feed?purpose=" + PURPOSE, token);

        assertThat(response.statusCode()).isEqualTo(403);
        AuditRecord denied = auditOf(analyst);
        assertThat(denied.getDecision()).isEqualTo(AuditDecision.ACCESS_DENIED);
        assertThat(denied.getRecipient()).isEqualTo("guard");
        assertThat(denied.getReasonCode()).isEqualTo(FeedAccess.OTHER_AGENCY);
    }

    @Test
    void aPurposeTheAnalystsProviderDoesNotGrantIsForbiddenAndAudited() throws Exception {
        String analyst = "oidc-" + marker();
        String token = idpToken(
                "cpd-idp", analyst, GatewayAuthenticatorTest.AUDIENCE, GatewayAuthenticatorTest.MFA_LOGIN, 300);

        HttpResponse<String> response = get("/v1/agencies/cpd/feed?purpose=violent-crime-investigation", token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(auditOf(analyst).getReasonCode()).isEqualTo(FeedAccess.PURPOSE_NOT_GRANTED);
    }

    @Test
    void analystReadsTheVerifiedFeedOfTheirAgencyWithProvenanceAndRedactions() {
        String marker = marker();
        try (SseTestClient feed = open(fixture.token("cpd", "jdoe"), "purpose=" + PURPOSE + "&q=" + marker, null)) {
            assertThat(feed.status).isEqualTo(200);
            InboxFixture.Published published = fixture.publish("cpd", PURPOSE, marker);

            await().atMost(WAIT).until(() -> feed.messageIds().contains(published.messageId()));
            JsonNode data = feed.named("message").get(0).data();
            assertThat(data.path("messageType").asText()).isEqualTo("IncidentReport");
            assertThat(data.path("sender").asText()).isEqualTo("cpd");
            assertThat(data.path("provenance").path("purpose").asText()).isEqualTo(PURPOSE);
            assertThat(data.path("provenance").path("policyVersion").asText()).isEqualTo(fixture.policy.version());
            assertThat(data.path("provenance")
                            .path("changedFields")
                            .path("narrative")
                            .asText())
                    .isEqualTo("DROP");
            assertThat(field(data, "narrative").path("action").asText()).isEqualTo("DROP");
            assertThat(field(data, "involvedPersons[0].name").path("action").asText())
                    .isEqualTo("PSEUDONYMIZE");
            assertThat(field(data, "incidentId").path("value").asText()).isEqualTo(marker);
        }
    }

    @Test
    void aFeedWithSinceFirstCatchesUpOnEarlierMessages() {
        String marker = marker();
        InboxFixture.Published earlier = fixture.publish("cpd", PURPOSE, marker);
        String since = earlier.createdAt().minusSeconds(60).toString();
        try (SseTestClient feed =
                open(fixture.token("cpd", "jdoe"), "purpose=" + PURPOSE + "&q=" + marker + "&since=" + since, null)) {
            await().atMost(WAIT).until(() -> feed.messageIds().contains(earlier.messageId()));
            InboxFixture.Published later = fixture.publish("cpd", PURPOSE, marker);
            await().atMost(WAIT).until(() -> feed.messageIds().contains(later.messageId()));
            assertThat(feed.messageIds()).containsExactly(earlier.messageId(), later.messageId());
        }
    }

    @Test
    void aCopyThatDoesNotVerifyIsSentAsRefusedWithoutItsContent() {
        String marker = marker();
        try (SseTestClient feed = open(fixture.token("cpd", "jdoe"), "purpose=" + PURPOSE + "&q=" + marker, null)) {
            InboxFixture.Published tampered = fixture.publishTampered("cpd", PURPOSE, marker);

            await().atMost(WAIT)
                    .until(() -> feed.named("refused").stream()
                            .anyMatch(e -> e.messageId().equals(tampered.messageId())));
            SseTestClient.Event refused = feed.named("refused").stream()
                    .filter(e -> e.messageId().equals(tampered.messageId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(refused.data().has("fields")).isFalse();
            assertThat(refused.data().toString()).doesNotContain("Someone Else");
            assertThat(refused.data().path("reason").asText()).isNotBlank();
            assertThat(feed.messageIds()).doesNotContain(tampered.messageId());
        }
    }

    @Test
    void anotherAgencysFeedIsForbiddenAndAudited() throws Exception {
        String analyst = "spy-" + marker();
        HttpResponse<String> response = get("/v1/agencies/cpd/feed?purpose=" + PURPOSE, fixture.token("ice", analyst));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .contains("ice")
                .contains("cpd");
        AuditRecord denied = auditOf(analyst);
        assertThat(denied.getDecision()).isEqualTo(AuditDecision.ACCESS_DENIED);
        assertThat(denied.getRecipient()).isEqualTo("ice");
        assertThat(denied.getSourceTopic()).isEqualTo("inbox.cpd");
        assertThat(denied.getReasonCode()).isEqualTo(FeedAccess.OTHER_AGENCY);
        assertThat(denied.getMethod()).isEqualTo("https-sse");
        assertThat(denied.getReleasingComponent()).startsWith("liaison-consumer-gateway@");
    }

    @Test
    void aPurposeTheAgencyMayNotDeclareIsForbiddenAndAudited() throws Exception {
        String analyst = "agent-" + marker();
        HttpResponse<String> response = get("/v1/agencies/cpd/feed?purpose=oversight", fixture.token("cpd", analyst));

        assertThat(response.statusCode()).isEqualTo(403);
        AuditRecord denied = auditOf(analyst);
        assertThat(denied.getDecision()).isEqualTo(AuditDecision.ACCESS_DENIED);
        assertThat(denied.getReasonCode()).isEqualTo(FeedAccess.PURPOSE_NOT_PERMITTED);
        assertThat(denied.getPurpose()).isEqualTo("oversight");
    }

    @Test
    void anotherAgencysAnalystIsSentToTheirOwnAgencysGatewayAndAudited() throws Exception {
        String analyst = "agent-" + marker();
        HttpResponse<String> response =
                get("/v1/agencies/ice/feed?purpose=crowd-safety", fixture.token("ice", analyst));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains("serves cpd only");
        AuditRecord denied = auditOf(analyst);
        assertThat(denied.getDecision()).isEqualTo(AuditDecision.ACCESS_DENIED);
        assertThat(denied.getReasonCode()).isEqualTo(FeedAccess.NOT_THIS_GATEWAY);
    }

    @Test
    void aCopySealedToAnotherAgencyIsRefusedByNameAndNothingOfItIsServed() {
        String marker = marker();
        try (SseTestClient feed = open(fixture.token("cpd", "jdoe"), "purpose=" + PURPOSE, null)) {
            assertThat(feed.status).isEqualTo(200);
            InboxFixture.Published foreign = fixture.publishSealedFor("ice", "cpd", PURPOSE, marker);

            await().atMost(WAIT)
                    .until(() -> feed.named("refused").stream()
                            .anyMatch(e -> e.data().path("messageId").asText().equals(foreign.messageId())));
            SseTestClient.Event refused = feed.named("refused").stream()
                    .filter(e -> e.data().path("messageId").asText().equals(foreign.messageId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(refused.data().path("reason").asText()).isEqualTo("SEAL_MISDIRECTED");
            assertThat(refused.data().has("fields")).isFalse();
            assertThat(refused.data().toString()).doesNotContain(marker);
        }
    }

    @Test
    void aGrantedSubscriptionIsAuditedBeforeContentIsServed() {
        String analyst = "analyst-" + marker();
        try (SseTestClient feed = open(fixture.token("cpd", analyst), "purpose=" + PURPOSE, null)) {
            assertThat(feed.status).isEqualTo(200);
            AuditRecord subscribed = auditOf(analyst);
            assertThat(subscribed.getDecision()).isEqualTo(AuditDecision.SUBSCRIBED);
            assertThat(subscribed.getRecipient()).isEqualTo("cpd");
            assertThat(subscribed.getPurpose()).isEqualTo(PURPOSE);
            assertThat(subscribed.getPolicyVersion()).isEqualTo(fixture.policy.version());
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/agencies/cpd/feed?purpose=crowd-safety&type=Bogus | type",
                "/v1/agencies/cpd/feed?purpose=crowd-safety&since=yesterday | since",
                "/v1/agencies/cpd/feed?purpose=crowd-safety&since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z | until",
                "/v1/agencies/cpd/feed?purpose=crowd-safety&caveat=a%20b | caveat",
                "/v1/agencies/cpd/feed?type=IncidentReport | purpose",
                "/v1/agencies/cpd/feed?purpose=crowd-safety&lastEventId=1.2 | Last-Event-ID",
                "/v1/agencies/cpd/messages?purpose=crowd-safety&limit=0 | limit",
                "/v1/agencies/cpd/messages?purpose=crowd-safety&from=x.y.z | from",
            })
    void malformedParametersAreRefusedNamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> response = get(path, fixture.token("cpd", "jdoe"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("parameter").asText()).isEqualTo(parameter);
        assertThat(body.path("error").asText()).isNotBlank();
    }

    @Test
    void requestsWithoutAValidCredentialAreUnauthorized() throws Exception {
        assertThat(get("/v1/agencies/cpd/feed?purpose=" + PURPOSE, null).statusCode())
                .isEqualTo(401);
        String forged = fixture.token("cpd", "jdoe");
        forged = forged.substring(0, forged.length() - 4) + (forged.endsWith("AAAA") ? "BBBB" : "AAAA");
        HttpResponse<String> response = get("/v1/agencies/cpd/feed?purpose=" + PURPOSE, forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void theCommandStructureIsServedOnlyToAnAdmittedCallerOfThisAgency() throws Exception {
        String path = "/v1/agencies/cpd/command?purpose=joint-command";
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get(path, fixture.token("ice", "spy-" + marker())).statusCode())
                .isEqualTo(403);

        HttpResponse<String> response = get(path, fixture.token("cpd", "jdoe"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("purpose").asText()).isEqualTo("joint-command");
        assertThat(body.path("roles").findValuesAsText("role"))
                .contains("cpd/incident-commander", "guard/unit-commander");
        assertThat(body.path("directives")
                        .get(0)
                        .path("escalation")
                        .get(0)
                        .path("within")
                        .asText())
                .isEqualTo("PT10M");
    }

    @Test
    void reconnectingWithLastEventIdDeliversExactlyTheMissedMessages() {
        String marker = marker();
        String query = "purpose=" + PURPOSE + "&q=" + marker;
        String token = fixture.token("cpd", "jdoe");
        String lastId;
        List<InboxFixture.Published> before;
        try (SseTestClient first = open(token, query, null)) {
            before = fixture.publishAll("cpd", PURPOSE, marker, 4);
            await().atMost(WAIT).until(() -> first.messageIds().size() == 4);
            lastId = first.lastId();
        }
        List<InboxFixture.Published> missed = fixture.publishAll("cpd", PURPOSE, marker, 6);

        try (SseTestClient resumed = open(token, query, lastId)) {
            await().atMost(WAIT).until(() -> resumed.messageIds().size() >= 6);
            InboxFixture.Published after = fixture.publish("cpd", PURPOSE, marker);
            await().atMost(WAIT).until(() -> resumed.messageIds().contains(after.messageId()));

            List<String> expected = new ArrayList<>(
                    missed.stream().map(InboxFixture.Published::messageId).toList());
            expected.add(after.messageId());
            assertThat(resumed.messageIds()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(resumed.messageIds())
                    .doesNotContainAnyElementsOf(before.stream()
                            .map(InboxFixture.Published::messageId)
                            .toList());
        }
    }

    @Test
    void restCatchUpPagesThroughMessagesByPositionAndByTime() throws Exception {
        String marker = marker();
        List<InboxFixture.Published> published = fixture.publishAll("cpd", PURPOSE, marker, 5);
        String token = fixture.token("cpd", "jdoe");
        String base = "/v1/agencies/cpd/messages?purpose=" + PURPOSE + "&q=" + marker + "&limit=3";

        JsonNode first = JSON.readTree(get(base, token).body());
        assertThat(first.path("events")).hasSize(3);
        JsonNode second = JSON.readTree(
                get(base + "&from=" + first.path("next").asText(), token).body());
        List<String> ids = new ArrayList<>();
        first.path("events")
                .forEach(e -> ids.add(e.path("data").path("messageId").asText()));
        second.path("events")
                .forEach(e -> ids.add(e.path("data").path("messageId").asText()));
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(published.stream()
                        .map(InboxFixture.Published::messageId)
                        .toList());

        String from = URLEncoder.encode(published.get(4).createdAt().toString(), StandardCharsets.UTF_8);
        JsonNode byTime = JSON.readTree(get(base + "&from=" + from, token).body());
        assertThat(byTime.path("events"))
                .extracting(e -> e.path("data").path("messageId").asText())
                .contains(published.get(4).messageId())
                .doesNotContain(published.get(0).messageId());
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("# TYPE liaison_gateway_feed_clients gauge")
                .contains("liaison_gateway_events_sent_total{event=\"message\",process=\"gateway\"}")
                .contains("liaison_gateway_quota_refused_total{process=\"gateway\",quota=\"quotas.feedsPerSubject\"}")
                .contains("liaison_gateway_feeds_closed_total{process=\"gateway\",reason=\"PURPOSE_WITHDRAWN\"}")
                .contains("liaison_control_plane_ready{process=\"gateway\"} 1.0")
                .contains("kafka_producer_");
        HttpResponse<String> ready = get("/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("policyVersion").asText()).isEqualTo(fixture.policy.version());
    }

    @Test
    void aGatewayWhoseBrokerStopsAnsweringClosesItsFeedsAndServesNothing() throws Exception {
        Path brokerDir = TempDirs.create("liaison-gateway-blind-");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(
                brokerDir.resolve("kafka"),
                BrokerSecurity.ensure(
                        PkiDirectory.at(brokerDir.resolve("pki")),
                        CredentialStore.at(brokerDir.resolve("secrets")),
                        Clock.systemUTC())));
        Map<String, Object> login = new HashMap<>(broker.adminConnection().properties());
        boolean brokerStopped = false;
        try {
            try (Admin admin = Admin.create(broker.adminClientProperties())) {
                new ClusterAdmin(admin, WAIT).ensureTopics(TopicPlan.embedded().topics(List.of("cpd")));
            }
            try (ControlPlane followed = new ControlPlane(
                                    broker.bootstrapServers(),
                                    login,
                                    fixture.trust,
                                    fixture.pki.anchor(),
                                    new PolicyHolder(fixture.policy, fixture.trust))
                            .start(WAIT);
                    ConsumerGatewayServer blind = ConsumerGatewayServer.start(
                            ConsumerGatewayConfig.defaults(broker.bootstrapServers(), fixture.registryUrl, 0)
                                    .withKafkaOverrides(login)
                                    .withControlPlaneMaxLag(Duration.ofSeconds(2)),
                            followed,
                            fixture.decryptionKeys.get("cpd"),
                            Clock.systemUTC());
                    SseTestClient feed = SseTestClient.open(
                            HTTP,
                            blind.baseUrl() + "/v1/agencies/cpd/feed?purpose=" + PURPOSE,
                            fixture.token("cpd", "jdoe"),
                            null)) {
                assertThat(feed.status).isEqualTo(200);

                broker.close(); // revocations and policy versions published from now on would not reach this gateway
                brokerStopped = true;

                JsonNode closed = await().atMost(Duration.ofSeconds(60))
                        .until(() -> feed.named("closed"), e -> !e.isEmpty())
                        .get(0)
                        .data();
                assertThat(closed.path("reason").asText()).isEqualTo(FeedClosure.NOT_READY);
                assertThat(closed.path("detail").asText()).contains("trust and policy are known only as of");
                HttpResponse<String> ready = HTTP.send(
                        HttpRequest.newBuilder(URI.create(blind.baseUrl() + "/ready"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(ready.body()).path("reason").asText()).contains("a revocation may be missed");
                HttpResponse<String> page = HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(blind.baseUrl() + "/v1/agencies/cpd/messages?purpose=" + PURPOSE))
                                .timeout(WAIT)
                                .header("Authorization", "Bearer " + fixture.token("cpd", "jdoe"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(503);
                assertThat(page.headers().firstValue("Retry-After")).isPresent();
                assertThat(JSON.readTree(page.body()).path("error").asText()).startsWith("not ready: ");
            }
        } finally {
            if (!brokerStopped) {
                broker.close();
            }
            TempDirs.deleteRecursively(brokerDir);
        }
    }

    @Test
    void theConsoleIsServedWithoutThirdPartyScripts() throws Exception {
        HttpResponse<String> page = get("/console/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<script src=\"console.js\"></script>")
                .doesNotContain("http://")
                .doesNotContain("https://");
        assertThat(get("/console/console.js", null).statusCode()).isEqualTo(200);
    }

    private static JsonNode field(JsonNode data, String path) {
        for (JsonNode f : data.path("fields")) {
            if (f.path("path").asText().equals(path)) {
                return f;
            }
        }
        throw new AssertionError("no field " + path + " in " + data);
    }

    private static AuditRecord auditOf(String analyst) {
        return await().atMost(WAIT)
                .until(
                        () -> fixture.auditRecords().stream()
                                .filter(r -> analyst.equals(r.getRecipientPerson()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static SseTestClient open(String token, String query, String lastEventId) {
        return SseTestClient.open(HTTP, gateway.baseUrl() + "/v1/agencies/cpd/feed?" + query, token, lastEventId);
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(WAIT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
