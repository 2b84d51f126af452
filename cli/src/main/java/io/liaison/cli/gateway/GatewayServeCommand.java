package io.liaison.cli.gateway;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.HttpServeOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cli.PolicyOption;
import io.liaison.cluster.security.Principals;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.consumer.http.IdentityProvider;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.Readiness;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.Policy;
import io.liaison.runtime.ServiceControlPlane;
import io.liaison.runtime.config.IdentityProviderSettings;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.runtime.config.SettingSources;
import io.liaison.web.auth.TlsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison gateway serve --agency A}: agency A's consumer gateway until SIGTERM. Copies are
 * opened with A's own decryption key from the PKI directory; the gateway logs in to Kafka as
 * {@code gateway.A}, which may read A's inbox and key topic only, and follows the trust and policy
 * topics: copies, credentials and declared purposes are checked against trust and policy as they
 * are now, without a restart.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve one agency's consumer gateway (SSE feeds, REST catch-up, /console/, /health, /ready, /metrics) until stopped.",
            "It opens the agency's copies with the agency's own decryption key "
                    + "(agencies/AGENCY/encryption.key in the PKI directory); analysts of other agencies use "
                    + "their own agency's gateway.",
            "Connection: --bootstrap-servers, --registry-url, --pki-dir, --policy, else "
                    + "LIAISON_BOOTSTRAP_SERVERS, LIAISON_REGISTRY_URL, LIAISON_PKI_DIR, LIAISON_POLICY, else "
                    + "the demo's connection.properties.",
            "Kafka login (SCRAM over TLS): LIAISON_SCRAM_USER (default gateway.AGENCY), LIAISON_SCRAM_PASSWORD_FILE, LIAISON_TLS_TRUSTSTORE.",
            "Trust and policy follow the trust and policy topics: revocations and approved policy versions apply without a restart.",
            "Analysts authenticate with `liaison gateway token` tokens, with --tls-name client "
                    + "certificates, or with access tokens of the agency's OpenID Connect identity provider "
                    + "(LIAISON_GATEWAY_OIDC_*, docs/configuration.md)."
        })
public final class GatewayServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + ConsumerGatewayConfig.DEFAULT_PORT,
            description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Mixin
    HttpServeOptions http;

    @Option(
            names = "--agency",
            required = true,
            paramLabel = "AGENCY",
            description = "The agency whose inbox this gateway serves.")
    String agency;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of an encrypted decryption key.")
    Path keyPassphraseFile;

    @CommandLine.Mixin
    PolicyOption policy;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    /** A started gateway and the control plane it follows. */
    public record Running(ConsumerGatewayServer server, ControlPlane controlPlane) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                controlPlane.close();
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        HttpServeOptions.serveUntilStopped(
                start(), "liaison-gateway", spec.commandLine().getOut());
        return 0;
    }

    /** Starts the gateway as the options say, prints its URL and console, and returns it running. */
    public Running start() {
        LiaisonHome home = LiaisonHome.resolve();
        String bootstrap = cluster.bootstrapServers(home);
        String registry = cluster.registryUrl(home);
        PkiDirectory pki = cluster.pki(home);
        ConsumerGatewayConfig config = config(bootstrap, registry, pki, home);
        Policy genesis = policy.load(home);
        DecryptionKeys keys = PkiMaterial.decryptionKeys(pki, agency, keyPassphraseFile);
        List<IdentityProvider> identityProviders = IdentityProviderSettings.resolve(SettingSources.of(home), agency)
                .map(List::of)
                .orElse(List.of());
        ControlPlane controlPlane = ServiceControlPlane.follow(bootstrap, config.kafkaOverrides(), pki, genesis);
        ConsumerGatewayServer server;
        try {
            server = http.bound(
                    port,
                    () -> ConsumerGatewayServer.start(
                            config, identityProviders, controlPlane, keys, Clock.systemUTC()));
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "consumer gateway of %s listening on %s (inbox on %s, decryption key %s, policy %s)%n",
                agency,
                server.baseUrl(),
                bootstrap,
                keys.keyIds().get(0),
                controlPlane.policy().version());
        identityProviders.forEach(p -> out.printf(
                "  analysts may also present access tokens of %s (audience %s, multi-factor login required)%n",
                p.issuer(), p.audience()));
        out.printf(
                "  console: %s/console/   (token: liaison gateway token --agency AGENCY --analyst NAME --purpose P)%n",
                server.baseUrl());
        if (controlPlane.readiness(config.controlPlaneMaxLag()) instanceof Readiness.NotReady notReady) {
            out.printf(
                    "  not ready (every request gets 503 until it is; see %s/ready): %s%n",
                    server.baseUrl(), notReady.reason());
        }
        out.flush();
        return new Running(server, controlPlane);
    }

    private ConsumerGatewayConfig config(String bootstrap, String registry, PkiDirectory pki, LiaisonHome home) {
        try {
            Optional<TlsSettings> tls =
                    http.tls(pki); // the HTTP options first: a wrong one fails before any Kafka login
            ConsumerGatewayConfig config = ConsumerGatewayConfig.defaults(bootstrap, registry, port)
                    .withRegistry(cluster.registry(home))
                    .withBindHost(http.bind())
                    .withKafkaOverrides(login.properties(home, Principals.gateway(agency)));
            return tls.map(config::withTls).orElse(config);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
    }
}
