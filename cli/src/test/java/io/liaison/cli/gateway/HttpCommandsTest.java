package io.liaison.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.CommandRun;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.CallerIdentity;
import io.liaison.web.auth.TokenSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway token}, and how {@code gateway serve} and {@code ingest serve} refuse bad options before connecting. */
class HttpCommandsTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final String POLICY = Path.of("..", "config", "policy.yaml").toString();

    @TempDir
    Path dir;

    private PkiDirectory pki;

    @BeforeEach
    void pkiWithCpdsSigningKey() {
        SecureRandom random = new SecureRandom();
        pki = PkiDirectory.at(dir);
        pki.init(
                CertificateAuthority.DEFAULT_NAME,
                Validity.starting(CLOCK, Validity.DEFAULT_CA),
                Optional.empty(),
                random);
        pki.issueSigning(
                pki.authority(Optional.empty(), CLOCK, random),
                "cpd",
                KeyRole.AGENCY_SIGNING,
                Validity.starting(CLOCK, Validity.DEFAULT_LEAF),
                Optional.empty());
    }

    @Test
    void aConsumerTokenIsSignedByTheAgencysKeyAndNamesTheAnalyst() {
        CommandRun run = liaison("gateway", "token", "--agency", "cpd", "--analyst", "jdoe");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(verifier(TokenSettings.CONSUMER_GATEWAY_AUDIENCE).verify(token(run)))
                .isEqualTo(new Authentication.Authenticated(
                        new CallerIdentity("cpd", "jdoe", CallerIdentity.Method.BEARER_TOKEN),
                        pki.signingIdentity("cpd", KeyRole.AGENCY_SIGNING, Optional.empty())
                                .keyId()));
    }

    @Test
    void anIngestTokenOpensTheIngestAndNotTheConsumerGateway() {
        CommandRun run = liaison(
                "gateway",
                "token",
                "--agency",
                "cpd",
                "--analyst",
                "records-system",
                "--audience",
                "ingest",
                "--ttl",
                "PT5M");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(verifier(TokenSettings.AGENCY_GATEWAY_AUDIENCE).verify(token(run)))
                .isInstanceOf(Authentication.Authenticated.class);
        assertThat(verifier(TokenSettings.CONSUMER_GATEWAY_AUDIENCE).verify(token(run)))
                .isEqualTo(new Authentication.Unauthenticated(
                        "token audience must be " + TokenSettings.CONSUMER_GATEWAY_AUDIENCE));
    }

    @Test
    void withAPurposeTheConsoleUrlFollowsTheToken() {
        CommandRun run = liaison(
                "gateway",
                "token",
                "--agency",
                "cpd",
                "--analyst",
                "jdoe",
                "--purpose",
                "crowd-safety",
                "--gateway-url",
                "http://127.0.0.1:8443/");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        token(run),
                        "http://127.0.0.1:8443/console/#agency=cpd&purpose=crowd-safety&token=" + token(run));
    }

    @Test
    void anAgencyWithoutASigningKeyIsAOneLineError() {
        CommandRun run = liaison("gateway", "token", "--agency", "ice", "--analyst", "jdoe");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith(
                        "liaison gateway token: cannot load the signing key of ice: no agency-signing certificate for ice");
    }

    @Test
    void tokensTheGatewaysWouldRefuseAreNotIssued() {
        CommandRun tooLong = liaison("gateway", "token", "--agency", "cpd", "--analyst", "jdoe", "--ttl", "PT9H");
        CommandRun badName = liaison("gateway", "token", "--agency", "cpd", "--analyst", "j doe");
        CommandRun purposeForIngest = liaison(
                "gateway",
                "token",
                "--agency",
                "cpd",
                "--analyst",
                "jdoe",
                "--audience",
                "ingest",
                "--purpose",
                "crowd-safety");

        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.err()).contains("--ttl must be positive and at most PT8H");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.err()).contains("--analyst 'j doe' must match");
        assertThat(purposeForIngest.exitCode()).isEqualTo(1);
        assertThat(purposeForIngest.err()).contains("--purpose is for the consumer gateway's console");
    }

    @Test
    void helpDescribesEachVerb() {
        for (String[] verb : List.of(
                new String[] {"gateway", "token"}, new String[] {"gateway", "serve"}, new String[] {"ingest", "serve"
                })) {
            CommandRun help = CommandRun.execute(verb[0], verb[1], "--help");

            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: liaison " + verb[0] + " " + verb[1]);
        }
        assertThat(CommandRun.execute("gateway", "serve", "--help").out())
                .contains("--agency", "--bind", "--tls-name", "--require-client-cert", "8470");
        assertThat(CommandRun.execute("ingest", "serve", "--help").out()).contains("--agency", "--bind", "8080");
    }

    @Test
    void serveOptionsThatCannotWorkAreRefusedBeforeAnythingStarts() {
        CommandRun mtlsWithoutTls = liaison(
                "gateway",
                "serve",
                "--agency",
                "cpd",
                "--require-client-cert",
                "--policy",
                POLICY,
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--registry-url",
                "http://127.0.0.1:1");
        CommandRun noServerCertificate = liaison(
                "ingest",
                "serve",
                "--agency",
                "cpd",
                "--tls-name",
                "ingest-cpd",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--registry-url",
                "http://127.0.0.1:1");

        assertThat(mtlsWithoutTls.exitCode()).isEqualTo(1);
        assertThat(mtlsWithoutTls.err()).contains("--require-client-cert needs --tls-name");
        assertThat(noServerCertificate.exitCode()).isEqualTo(1);
        assertThat(noServerCertificate.err())
                .contains(
                        "no usable server certificate ingest-cpd in " + dir,
                        "issue one with `liaison pki issue-tls ingest-cpd --server --dns HOST`");
    }

    private BearerTokens verifier(String audience) {
        return new BearerTokens(pki.loadTrustStore(CLOCK), TokenSettings.defaults(audience), CLOCK);
    }

    private CommandRun liaison(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--pki-dir");
        all.add(dir.toString());
        return CommandRun.execute(all.toArray(String[]::new));
    }

    /** The token: the first line printed. */
    private static String token(CommandRun run) {
        return run.out().lines().findFirst().orElseThrow();
    }
}
