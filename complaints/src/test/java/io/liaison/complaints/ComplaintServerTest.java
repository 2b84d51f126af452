package io.liaison.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.policy.ComplaintStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intake over real HTTP, with the abuse a public endpoint gets. The store is in memory here; the
 * Kafka store and the log are exercised end to end in system-tests' EndToEndIT.
 */
class ComplaintServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps filings in memory; {@code down} makes every filing fail as Kafka would. */
    static final class MemoryStore implements ComplaintStore {
        final List<ComplaintRecords.Filing> filed = new ArrayList<>();
        final Map<String, byte[]> proofs = new ConcurrentHashMap<>();
        volatile boolean down;

        @Override
        public synchronized void file(ComplaintRecords.Filing filing) throws Unavailable {
            if (down) {
                throw new Unavailable("broker unreachable", null);
            }
            filed.add(filing);
        }

        @Override
        public synchronized Optional<ComplaintRecords.StatusEntry> status(String receipt) {
            return filed.stream()
                    .filter(f -> f.receipt().equals(receipt))
                    .findFirst()
                    .map(f -> ComplaintRecords.StatusEntry.fromJson(f.status()));
        }

        @Override
        public Optional<byte[]> proof(String receipt) {
            return Optional.ofNullable(proofs.get(receipt));
        }

        @Override
        public Optional<String> notReady() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }

    MemoryStore store;
    ComplaintServer server;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = new MemoryStore();
        ComplaintsConfig config =
                ComplaintsConfig.defaults("127.0.0.1", 0, Optional.empty()).withFilingLimit(3, Duration.ofHours(1));
        server = ComplaintServer.start(
                config,
                store,
                new ComplaintServer.IntakePolicy(
                        ComplaintFormTest.POLICY, Set.of("cpd", "guard", "oversight"), "sha256:v"),
                at -> Optional.of(ComplaintRecordsTest.oversightKey()),
                "intake@test",
                java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/complaints"))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String today() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "T09:15";
    }

    static Map<String, String> goodForm() {
        Map<String, String> f = ComplaintFormTest.good();
        f.put("time", today());
        return f;
    }

    @Test
    void aFiledComplaintIsStoredBeforeItsReceiptAndItsStatusCanBeLookedUp() throws Exception {
        HttpResponse<String> filed = post("application/x-www-form-urlencoded", form(goodForm()));

        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String receipt = JSON.readTree(filed.body()).get("receipt").asText();
        assertThat(Receipts.valid(receipt)).isTrue();
        assertThat(store.filed)
                .singleElement()
                .extracting(ComplaintRecords.Filing::receipt)
                .isEqualTo(receipt);

        JsonNode status = JSON.readTree(get("/complaints/" + receipt).body());
        assertThat(status.get("status").asText()).isEqualTo(ComplaintStatus.RECEIVED.key());
        assertThat(status.get("proofAvailable").asBoolean()).isFalse();
        assertThat(get("/complaints/" + receipt + "/proof").statusCode()).isEqualTo(404);
        store.proofs.put(receipt, "{\"format\":\"liaison-audit-proof/1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/complaints/" + receipt + "/proof").body()).contains("liaison-audit-proof/1");
    }

    @Test
    void metricsCountFilingsByCategoryAndAnswerButNeverAResidentsText() throws Exception {
        Map<String, String> good = goodForm();
        post("application/x-www-form-urlencoded", form(good));
        Map<String, String> bad = goodForm();
        bad.put("category", "not-a-category");
        post("application/x-www-form-urlencoded", form(bad));

        String scrape = get("/metrics").body();

        assertThat(scrape)
                .contains("liaison_complaints_received_total{category=\"" + good.get("category") + "\"")
                .contains("liaison_complaints_answers_total{process=\"complaints\",status=\"201\"} 1.0")
                .contains("liaison_complaints_answers_total{process=\"complaints\",status=\"400\"} 1.0")
                .doesNotContain(good.get("description"))
                .doesNotContain("not-a-category");
    }

    @Test
    void jsonIsAcceptedToo() throws Exception {
        HttpResponse<String> filed = post("application/json", JSON.writeValueAsString(goodForm()));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    }

    @Test
    void anOversizeBodyIs413NamingTheLimitAndNothingIsStored() throws Exception {
        Map<String, String> f = goodForm();
        f.put("description", "x".repeat(ComplaintsConfig.DEFAULT_MAX_BODY_BYTES));

        HttpResponse<String> r = post("application/x-www-form-urlencoded", form(f));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("limit").asText()).isEqualTo("maxBodyBytes=16384");
        assertThat(store.filed).isEmpty();
    }

    @Test
    void aBadFieldIs400NamingTheField() throws Exception {
        Map<String, String> f = goodForm();
        f.put("category", "<script>alert(1)</script>");

        HttpResponse<String> r = post("application/x-www-form-urlencoded", form(f));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo("category");
        assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("category must be one of");
        assertThat(post("text/plain", "hello").statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(post("application/json", "[1]").body())
                        .get("field")
                        .asText())
                .isEqualTo("(body)");
        assertThat(store.filed).isEmpty();
    }

    @Test
    void moreFilingsThanTheLimitFromOneAddressAre429NamingTheLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(post("application/x-www-form-urlencoded", form(goodForm()))
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> r = post("application/x-www-form-urlencoded", form(goodForm()));

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(r.body()).get("limit").asText()).isEqualTo("3 complaints per PT1H per address");
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(store.filed).hasSize(3);
    }

    @Test
    void whenKafkaCannotStoreItTheResidentGets503AndNoReceipt() throws Exception {
        store.down = true;

        HttpResponse<String> r = post("application/x-www-form-urlencoded", form(goodForm()));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("NOT received").doesNotContain("receipt\"");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void withoutAValidOversightKeyNothingIsAcceptedAndTheServiceIsNotReady() throws Exception {
        server.close();
        server = ComplaintServer.start(
                ComplaintsConfig.defaults("127.0.0.1", 0, Optional.empty()),
                store,
                new ComplaintServer.IntakePolicy(ComplaintFormTest.POLICY, Set.of("cpd"), "sha256:v"),
                at -> Optional.empty(),
                "intake@test",
                java.time.Clock.systemUTC());

        assertThat(post("application/x-www-form-urlencoded", form(goodForm())).statusCode())
                .isEqualTo(503);
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("no valid encryption key of oversight");
        assertThat(store.filed).isEmpty();
    }

    @Test
    void lookupsRefuseWhatIsNotAReceiptAndPagesEscapeEverything() throws Exception {
        assertThat(get("/complaints/..%2F..%2Fetc").statusCode()).isEqualTo(400);
        assertThat(get("/complaints/C-00000-00000-00000-00000").statusCode()).isEqualTo(404);
        HttpResponse<String> page = get("/");
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(ComplaintServer.CSP);
        assertThat(page.body()).contains("value=\"use-of-force\"").doesNotContain("<script");
        assertThat(Pages.escape("<a href=\"x\" onclick='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        HttpResponse<String> htmlError = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/status?receipt=%3Cscript%3E"))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(htmlError.statusCode()).isEqualTo(400);
        assertThat(htmlError.body()).doesNotContain("<script>");
    }
}
