package io.liaison.cli.gateway;

import io.liaison.cli.CliErrors;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.pki.PkiDirectory;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.runtime.config.SettingSources;
import io.liaison.web.auth.BearerTokens;
import io.liaison.web.auth.CallerIdentity;
import io.liaison.web.auth.TokenSettings;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison gateway token}: a short-lived bearer token signed with the agency's own signing
 * key, which is how an agency vouches for its analysts and systems ({@link BearerTokens}).
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Issue a bearer token for an analyst (or system) of an agency, signed with the agency's key from the PKI directory.",
            "Prints the token on one line; with --purpose, also the console URL that opens the analyst's feed.",
            "Use it as `Authorization: Bearer TOKEN`."
        })
public final class GatewayTokenCommand implements Callable<Integer> {
    /** Which service the token is for: a token for one is refused by the other. */
    public enum Audience {
        consumer(TokenSettings.CONSUMER_GATEWAY_AUDIENCE),
        ingest(TokenSettings.AGENCY_GATEWAY_AUDIENCE);

        private final String claim;

        Audience(String claim) {
            this.claim = claim;
        }

        public String claim() {
            return claim;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--agency",
            required = true,
            paramLabel = "AGENCY",
            description = "The agency vouching for the analyst (its key signs).")
    String agency;

    @Option(
            names = "--analyst",
            required = true,
            paramLabel = "NAME",
            description = "Who the token names (the audit's recipientPerson): letters, digits and . _ @ -.")
    String analyst;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            defaultValue = "PT1H",
            description =
                    "Lifetime, ISO-8601 (default ${DEFAULT-VALUE}; the gateways refuse tokens living longer than 8h).")
    Duration ttl;

    @Option(
            names = "--audience",
            paramLabel = "SERVICE",
            defaultValue = "consumer",
            description =
                    "consumer (the consumer gateway) or ingest (an agency's HTTP ingest); default ${DEFAULT-VALUE}.")
    Audience audience;

    @Option(
            names = "--purpose",
            paramLabel = "PURPOSE",
            description = "Also print the console URL for this purpose (consumer tokens only).")
    String purpose;

    @Option(
            names = "--gateway-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:" + ConsumerGatewayConfig.DEFAULT_PORT,
            description = "Where the consumer gateway is reached, for the console URL (default ${DEFAULT-VALUE}).")
    String gatewayUrl;

    @Option(
            names = "--pki-dir",
            paramLabel = "DIR",
            description = "Holds agencies/AGENCY/signing.key (default: $LIAISON_PKI_DIR, else connection.properties).")
    String pkiDir;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of an encrypted signing key.")
    Path keyPassphraseFile;

    @Override
    public Integer call() {
        validate();
        PkiDirectory pki =
                PkiDirectory.at(SettingSources.of(LiaisonHome.resolve()).require(LiaisonSettings.PKI_DIR, pkiDir));
        SigningIdentity key = PkiMaterial.signingIdentity(pki, agency, keyPassphraseFile);
        String token = BearerTokens.issue(key, analyst, audience.claim(), ttl, Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        if (purpose != null) {
            out.println(consoleUrl(token));
        }
        out.flush();
        return 0;
    }

    private void validate() {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(TokenSettings.DEFAULT_MAX_LIFETIME) > 0) {
            throw new CliErrors.UserError("--ttl must be positive and at most " + TokenSettings.DEFAULT_MAX_LIFETIME
                    + " (the gateways refuse longer-lived tokens), was " + ttl);
        }
        if (!CallerIdentity.SUBJECT_ID.matcher(analyst).matches()) {
            throw new CliErrors.UserError(
                    "--analyst '" + analyst + "' must match " + CallerIdentity.SUBJECT_ID.pattern());
        }
        if (purpose != null && audience != Audience.consumer) {
            throw new CliErrors.UserError(
                    "--purpose is for the consumer gateway's console; drop it or use --audience consumer");
        }
    }

    private String consoleUrl(String token) {
        String base = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        return base + "/console/#agency=" + agency + "&purpose=" + URLEncoder.encode(purpose, StandardCharsets.UTF_8)
                + "&token=" + token;
    }
}
