package io.liaison.cli.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.cli.Liaison;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PkiCommandTest {
    private static final Pattern KEY_ID = Pattern.compile("key id:\\s+([0-9a-f]{64})");

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private Run liaison(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Liaison.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() >= 2 && !all.contains("--help")) {
            all.add("--dir");
            all.add(dir.toString());
        }
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static String keyId(Run run) {
        Matcher m = KEY_ID.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }

    @Test
    void initThenIssueProducesACertificateOpenSslVerifies() throws Exception {
        Run init = liaison("pki", "init");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("created root CA", "ca.crt");

        Run issue = liaison("pki", "issue", "cpd", "--days", "30");
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(issue.out())
                .contains("issued agency-signing certificate for cpd", "issued agency-encryption certificate for cpd");
        assertThat(init.out()).contains("issued quarantine-encryption certificate for quarantine-officer");
        for (String key : List.of(
                "agencies/cpd/signing.key", "agencies/cpd/encryption.key", "quarantine-officer/encryption.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
                    .as(key)
                    .isEqualTo("rw-------");
        }

        assertThat(openssl("verify", "-CAfile", "ca/ca.crt", "agencies/cpd/signing.crt"))
                .contains("signing.crt: OK");
        assertThat(openssl("verify", "-CAfile", "ca/ca.crt", "agencies/cpd/encryption.crt"))
                .contains("encryption.crt: OK");
        assertThat(openssl("x509", "-in", "agencies/cpd/encryption.crt", "-noout", "-text"))
                .contains("X25519", "Key Agreement");
    }

    @Test
    void issueBeforeInitSaysToRunInit() {
        Run issue = liaison("pki", "issue", "cpd");

        assertThat(issue.exitCode()).isEqualTo(1);
        assertThat(issue.err()).contains("no CA in " + dir + ": run `liaison pki init` first");
    }

    @Test
    void initTwiceIsRefused() {
        liaison("pki", "init");

        Run again = liaison("pki", "init");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("a CA already exists");
    }

    @Test
    void everyKindIsIssuedAndListed() {
        liaison("pki", "init");
        assertThat(liaison("pki", "issue", "cpd").exitCode()).isZero();
        assertThat(liaison("pki", "issue", "oversight", "--role", "witness").exitCode())
                .isZero();
        assertThat(liaison("pki", "issue-backbone").exitCode()).isZero();
        Run server =
                liaison("pki", "issue-tls", "broker-1", "--server", "--dns", "localhost,broker-1", "--ip", "127.0.0.1");
        assertThat(server.exitCode()).as(server.err()).isZero();
        assertThat(server.out()).contains("server.p12");
        assertThat(liaison("pki", "issue-tls", "cpd", "--client").exitCode()).isZero();
        Run broker = liaison("pki", "issue-tls", "kafka-1", "--broker", "--dns", "kafka-1");
        assertThat(broker.exitCode()).as(broker.err()).isZero();
        assertThat(broker.out()).contains("broker.p12");

        Run list = liaison("pki", "list");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out())
                .contains(
                        "OWNER",
                        "ROLE",
                        "KEY ID",
                        "VALID FROM",
                        "VALID TO",
                        "STATUS",
                        "root-ca",
                        "agency-signing",
                        "agency-encryption",
                        "witness",
                        "backbone-attestation",
                        "backbone-encryption",
                        "quarantine-encryption",
                        "tls-server",
                        "tls-client",
                        "tls-broker");
        assertThat(list.out().lines().count()).isEqualTo(11);
        assertThat(dir.resolve("tls/truststore.p12")).exists();
    }

    @Test
    void revokeMarksTheKeyRevokedInTheListAndTheCrl() throws Exception {
        liaison("pki", "init");
        String keyId = keyId(liaison("pki", "issue", "cpd"));

        Run revoke = liaison(
                "pki", "revoke", keyId.substring(0, 10), "--at", "2026-01-01T00:00:00Z", "--reason", "key-compromise");

        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("revoked key " + keyId + " from 2026-01-01T00:00:00Z (key-compromise)");
        assertThat(liaison("pki", "list").out()).contains("revoked from 2026-01-01T00:00:00Z (key-compromise)");
        assertThat(openssl("crl", "-in", "revocations.crl", "-noout", "-text")).contains("Key Compromise");
    }

    @Test
    void reissuingRotatesAndListsThePreviousKey() {
        liaison("pki", "init");
        String first = keyId(liaison("pki", "issue", "cpd"));

        Run second = liaison("pki", "issue", "cpd");

        assertThat(second.out()).contains("stays trusted until it expires or is revoked");
        assertThat(liaison("pki", "list").out()).containsPattern(first + ".*previous");
    }

    @Test
    void aServicesExportHoldsTheCertificatesAndOnlyItsOwnPrivateKeys(@TempDir Path out) throws Exception {
        liaison("pki", "init");
        liaison("pki", "issue", "cpd");
        liaison("pki", "issue", "ice");
        liaison("pki", "issue-backbone");

        Run gateway = liaison(
                "pki",
                "export",
                "--service",
                "gateway",
                "--agency",
                "cpd",
                "--out",
                out.resolve("gateway-cpd").toString());
        Run backbone = liaison(
                "pki",
                "export",
                "--service",
                "backbone",
                "--out",
                out.resolve("backbone").toString());

        assertThat(gateway.exitCode()).as(gateway.err()).isZero();
        assertThat(backbone.exitCode()).as(backbone.err()).isZero();
        assertThat(privateFiles(out.resolve("gateway-cpd"))).containsExactly("agencies/cpd/encryption.key");
        assertThat(privateFiles(out.resolve("backbone")))
                .containsExactlyInAnyOrder("backbone/attestation.key", "backbone/encryption.key");
        assertThat(out.resolve("gateway-cpd/ca/ca.crt")).exists();
        assertThat(out.resolve("gateway-cpd/agencies/ice/encryption.crt")).exists();
        assertThat(out.resolve("gateway-cpd/ca/ca.key")).doesNotExist();
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(out.resolve("gateway-cpd/agencies/cpd/encryption.key"))))
                .isEqualTo("rw-------");
        assertThat(liaison("pki", "export", "--service", "gateway", "--out", out.toString())
                        .err())
                .contains("needs --agency");
    }

    private static List<String> privateFiles(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".key"))
                    .map(f -> dir.relativize(f).toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void badInputGetsOneLineErrors() {
        liaison("pki", "init");

        assertThat(liaison("pki", "issue", "CPD!").err()).contains("agency id 'CPD!' must match");
        assertThat(liaison("pki", "issue", "cpd", "--role", "admin").err())
                .contains("--role must be agency, signing, encryption or witness");
        assertThat(liaison("pki", "issue", "cpd", "--days", "0").err()).contains("--days must be positive");
        assertThat(liaison("pki", "revoke", "deadbeefdead").err()).contains("no certificate with key id deadbeefdead");
        assertThat(liaison("pki", "revoke", "deadbeefdead", "--reason", "bored").err())
                .contains("revocation reason 'bored' must be one of");
        Run neither = liaison("pki", "issue-tls", "broker-1");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--server", "--client", "--broker");
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb :
                List.of("init", "issue", "issue-backbone", "issue-officer", "issue-tls", "revoke", "list", "export")) {
            Run help = liaison("pki", verb, "--help");
            assertThat(help.exitCode()).as(verb).isZero();
            assertThat(help.out()).as(verb).contains("Usage: liaison pki " + verb, "--dir");
        }
        assertThat(liaison("pki", "--help").out()).contains("init", "issue-tls", "revoke", "list");
    }

    private String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("openssl is not on the PATH");
            throw e;
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
