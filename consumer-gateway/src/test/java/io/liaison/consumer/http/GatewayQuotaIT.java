package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One analyst trying to exhaust the gateway, on the real broker and registry: more feeds than the
 * subject's quota, and a flood of REST pages. Each gets 429 with Retry-After naming the quota,
 * while another analyst of the same agency is still served.
 */
class GatewayQuotaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PURPOSE = "crowd-safety";
    private static final GatewayQuotas QUOTAS = new GatewayQuotas(2, 10, 5);

    private static InboxFixture fixture;
    private static ConsumerGatewayServer gateway;

    @BeforeAll
    static void start() {
        fixture = new InboxFixture();
        gateway = ConsumerGatewayServer.start(
                fixture.gatewayConfig().withQuotas(QUOTAS),
                fixture.controlPlane,
                fixture.decryptionKeys.get("cpd"),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixture.close();
    }

    @Test
    void aSubjectOverItsFeedQuotaGets429WhileAnotherSubjectOfTheAgencyIsServed() throws Exception {
        String greedy = fixture.token("cpd", "greedy-" + ConsumerGatewayIT.marker());
        List<SseTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < QUOTAS.feedsPerSubject(); i++) {
                open.add(SseTestClient.open(HTTP, feedUrl(), greedy, null));
                assertThat(open.get(i).status).isEqualTo(200);
            }

            HttpResponse<String> oneTooMany =
                    HTTP.send(request(feedUrl(), greedy), HttpResponse.BodyHandlers.ofString());

            assertThat(oneTooMany.statusCode()).isEqualTo(429);
            assertThat(oneTooMany.headers().firstValue("Retry-After"))
                    .contains(Long.toString(QuotaLedger.FEED_RETRY_AFTER.toSeconds()));
            JsonNode body = JSON.readTree(oneTooMany.body());
            assertThat(body.path("quota").asText()).isEqualTo("quotas.feedsPerSubject");
            assertThat(body.path("error").asText()).contains("has 2 feeds open");
            try (SseTestClient colleague = SseTestClient.open(
                    HTTP, feedUrl(), fixture.token("cpd", "colleague-" + ConsumerGatewayIT.marker()), null)) {
                assertThat(colleague.status).as("another analyst of cpd").isEqualTo(200);
            }
        } finally {
            open.forEach(SseTestClient::close);
        }
    }

    @Test
    void aFloodOfRestPagesGets429WithRetryAfterWhileAnotherSubjectIsServed() throws Exception {
        String flooder = fixture.token("cpd", "flooder-" + ConsumerGatewayIT.marker());
        String page = gateway.baseUrl() + "/v1/agencies/cpd/messages?purpose=" + PURPOSE + "&limit=1";
        for (int i = 0; i < QUOTAS.requestsPerMinutePerSubject(); i++) {
            assertThat(HTTP.send(request(page, flooder), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        }

        HttpResponse<String> flooded = HTTP.send(request(page, flooder), HttpResponse.BodyHandlers.ofString());

        assertThat(flooded.statusCode()).isEqualTo(429);
        assertThat(flooded.headers().firstValue("Retry-After"))
                .hasValueSatisfying(seconds ->
                        assertThat(Long.parseLong(seconds)).isBetween(1L, 60L / QUOTAS.requestsPerMinutePerSubject()));
        JsonNode body = JSON.readTree(flooded.body());
        assertThat(body.path("quota").asText()).isEqualTo("quotas.requestsPerMinutePerSubject");
        assertThat(body.path("error").asText()).contains("more than the 5 requests a minute");
        String colleague = fixture.token("cpd", "colleague-" + ConsumerGatewayIT.marker());
        assertThat(HTTP.send(request(page, colleague), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    private static String feedUrl() {
        return gateway.baseUrl() + "/v1/agencies/cpd/feed?purpose=" + PURPOSE;
    }

    private static HttpRequest request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(WAIT)
                .header("Authorization", "Bearer " + token)
                .build();
    }
}
