package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.KeyStatus;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.RevocationReason;
import io.liaison.pki.Validity;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditRecord;
import io.liaison.testing.TestPki;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.TlsSettings;
import io.liaison.web.auth.TokenSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thief of an agency key or of an analyst's client certificate, against the gateway on the real
 * broker and registry: the revocation is published on the trust topic after the gateway started,
 * as {@code liaison pki revoke KEYID && liaison pki publish} does, and the gateway is never restarted.
 * The analyst's open feed is closed with a {@code closed} event, and every new request is refused.
 */
class GatewayRevocationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PURPOSE = "crowd-safety";

    @TempDir
    static Path dir;

    private static PkiDirectory pki;
    private static CertificateAuthority ca;
    private static InboxFixture fixture;
    private static ConsumerGatewayServer gateway;

    @BeforeAll
    static void start() {
        SecureRandom random = new SecureRandom();
        pki = PkiDirectory.at(dir);
        pki.init("Liaison Test CA", Validity.starting(CLOCK, Duration.ofDays(2)), Optional.empty(), random);
        ca = pki.authority(Optional.empty(), CLOCK, random);
        Validity day = Validity.starting(CLOCK, Duration.ofDays(1));
        pki.issueTls(
                ca,
                "gateway",
                CertificateKind.TLS_SERVER,
                List.of("localhost"),
                List.of("127.0.0.1"),
                day,
                Optional.empty(),
                random);
        fixture = new InboxFixture(new TestPki(ca));
        // Client certificates are asked for, not required: the same listener takes bearer tokens.
        gateway = ConsumerGatewayServer.start(
                fixture.gatewayConfig().withTls(TlsSettings.fromPki(pki, "gateway", false)),
                fixture.controlPlane,
                fixture.decryptionKeys.get("cpd"),
                CLOCK);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixture.close();
    }

    @Test
    void aTokenSignedByAnAgencyKeyRevokedAfterStartIsRefusedAndItsOpenFeedIsClosed() throws Exception {
        pki.issueSigning(
                ca, "cpd", KeyRole.AGENCY_SIGNING, Validity.starting(CLOCK, Duration.ofDays(1)), Optional.empty());
        SigningIdentity stolen = pki.signingIdentity("cpd", KeyRole.AGENCY_SIGNING, Optional.empty());
        fixture.publisher.publishTrust(pki.trustItems());
        await().atMost(WAIT).until(() -> fixture.trust.key(stolen.keyId()).isPresent());
        String analyst = "thief-" + ConsumerGatewayIT.marker();
        String token = BearerTokens.issue(
                stolen, analyst, TokenSettings.CONSUMER_GATEWAY_AUDIENCE, Duration.ofMinutes(10), CLOCK);
        HttpClient https = https(false);

        try (SseTestClient feed = SseTestClient.open(
                https, gateway.baseUrl() + "/v1/agencies/cpd/feed?purpose=" + PURPOSE, token, null)) {
            assertThat(feed.status).as("served before the revocation").isEqualTo(200);

            pki.revoke(ca, stolen.keyId(), Instant.now(), RevocationReason.KEY_COMPROMISE);
            fixture.publisher.publishTrust(pki.trustItems());
            await().atMost(WAIT)
                    .until(() -> fixture.trust.status(stolen.keyId(), Instant.now()) instanceof KeyStatus.Revoked);

            JsonNode closed = await().atMost(WAIT)
                    .until(() -> feed.named("closed"), e -> !e.isEmpty())
                    .get(0)
                    .data();
            assertThat(closed.path("reason").asText()).isEqualTo(FeedClosure.CREDENTIAL_REVOKED);
            assertThat(closed.path("detail").asText())
                    .contains("token key " + stolen.keyId(), "revoked", RevocationReason.KEY_COMPROMISE.label());
            await().atMost(WAIT).until(feed::ended);
        }
        HttpResponse<String> again = get(https, "/v1/agencies/cpd/messages?purpose=" + PURPOSE, token);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(again.body()).path("error").asText())
                .contains("revoked", RevocationReason.KEY_COMPROMISE.label());
        assertThat(auditOf(analyst, AuditDecision.ACCESS_DENIED).getReasonCode())
                .isEqualTo(FeedClosure.CREDENTIAL_REVOKED);
    }

    @Test
    void aClientCertificateRevokedAfterStartIsRefusedAndItsOpenFeedIsClosed() throws Exception {
        String analyst = "jdoe-" + ConsumerGatewayIT.marker() + ".cpd.analysts";
        IssuedCertificate certificate = pki.issueTls(
                ca,
                "cpd",
                CertificateKind.TLS_CLIENT,
                List.of(analyst),
                List.of(),
                Validity.starting(CLOCK, Duration.ofDays(1)),
                Optional.empty(),
                new SecureRandom());
        HttpClient mtls = https(true);
        assertThat(get(mtls, "/v1/agencies/cpd/messages?purpose=" + PURPOSE + "&limit=1", null)
                        .statusCode())
                .as("served before the revocation")
                .isEqualTo(200);

        try (SseTestClient feed =
                SseTestClient.open(mtls, gateway.baseUrl() + "/v1/agencies/cpd/feed?purpose=" + PURPOSE, null, null)) {
            assertThat(feed.status).isEqualTo(200);

            pki.revoke(ca, certificate.keyId(), Instant.now(), RevocationReason.KEY_COMPROMISE);
            fixture.publisher.publishTrust(pki.trustItems());

            JsonNode closed = await().atMost(WAIT)
                    .until(() -> feed.named("closed"), e -> !e.isEmpty())
                    .get(0)
                    .data();
            assertThat(closed.path("reason").asText()).isEqualTo(FeedClosure.CREDENTIAL_REVOKED);
            assertThat(closed.path("detail").asText()).contains("client certificate " + certificate.keyId(), "revoked");
            await().atMost(WAIT).until(feed::ended);
        }
        HttpResponse<String> again = get(mtls, "/v1/agencies/cpd/messages?purpose=" + PURPOSE + "&limit=1", null);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(again.body()).path("error").asText())
                .contains(
                        "client certificate " + certificate.keyId(),
                        "revoked",
                        RevocationReason.KEY_COMPROMISE.label());
        assertThat(auditOf(analyst, AuditDecision.ACCESS_DENIED).getReasonCode())
                .isEqualTo(FeedClosure.CREDENTIAL_REVOKED);
    }

    private static AuditRecord auditOf(String analyst, AuditDecision decision) {
        return await().atMost(WAIT)
                .until(
                        () -> fixture.auditRecords().stream()
                                .filter(r -> analyst.equals(r.getRecipientPerson()) && r.getDecision() == decision)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static HttpResponse<String> get(HttpClient client, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(WAIT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTPS client trusting the PKI's CA, presenting cpd's current client certificate when asked to. */
    private static HttpClient https(boolean presentClientCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(pki.trustStoreFile(), pki.storePassword(pki.trustStoreFile())));
        KeyManagerFactory keys = null;
        if (presentClientCertificate) {
            PkiDirectory.Slot slot = pki.slot("cpd", CertificateKind.TLS_CLIENT);
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(
                    load(slot.keyStore(), pki.storePassword(slot.keyStore())),
                    pki.storePassword(slot.keyStore()).chars());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static KeyStore load(Path file, Passphrase password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.chars());
        }
        return store;
    }
}
