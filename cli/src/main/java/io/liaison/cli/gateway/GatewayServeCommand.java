package io.liaison.cli.gateway;

import io.liaison.cli.CliErrors;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.cli.HttpServeOptions;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.web.auth.TlsSettings;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.consumer.http.ConsumerGatewayConfig;
import io.liaison.consumer.http.ConsumerGatewayServer;
import io.liaison.pki.PkiDirectory;
import io.liaison.cluster.security.Principals;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison gateway serve}: the consumer gateway until SIGTERM. Copies are verified against
 * the PKI directory's trust store, purposes checked against the policy file, and the gateway logs
 * in to Kafka as {@value Principals#CONSUMER_GATEWAY}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the consumer gateway (SSE feeds, REST catch-up, /console/, /health, /metrics) until stopped.",
                "Connection: --bootstrap-servers, --registry-url, --pki-dir, --policy, else LIAISON_BOOTSTRAP_SERVERS,",
                "LIAISON_REGISTRY_URL, LIAISON_PKI_DIR, LIAISON_POLICY, else the demo's connection.properties.",
                "Kafka login (SCRAM over TLS): LIAISON_SCRAM_USER (default consumer-gateway), LIAISON_SCRAM_PASSWORD_FILE, LIAISON_TLS_TRUSTSTORE.",
                "Analysts authenticate with `liaison gateway token` tokens or, with --tls-name, client certificates."})
public final class GatewayServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ConsumerGatewayConfig.DEFAULT_PORT,
            description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Mixin
    HttpServeOptions http;




    @Option(names = "--policy", paramLabel = "FILE", description = "The policy whose purposes analysts declare.")
    String policyFile;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    @Override
    public Integer call() throws InterruptedException {
        HttpServeOptions.serveUntilStopped(start(), "liaison-gateway", spec.commandLine().getOut());
        return 0;
    }

    /** Starts the gateway as the options say, prints its URL and console, and returns it running. */
    public ConsumerGatewayServer start() {
        LiaisonHome home = LiaisonHome.resolve();
        String bootstrap = cluster.bootstrapServers(home);
        String registry = cluster.registryUrl(home);
        PkiDirectory pki = cluster.pki(home);
        Path policyPath = SettingSources.of(home).require(LiaisonSettings.POLICY, policyFile);
        Policy policy = loadPolicy(policyPath);
        TrustStore trust = PkiMaterial.trustStore(pki);
        ConsumerGatewayConfig config = config(bootstrap, registry, pki, home);
        ConsumerGatewayServer server = http.bound(port, () -> ConsumerGatewayServer.start(config, trust, () -> policy,
                Clock.systemUTC()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("consumer gateway listening on %s (inboxes on %s, policy %s)%n", server.baseUrl(), bootstrap, policy.version());
        out.printf("  console: %s/console/   (token: liaison gateway token --agency AGENCY --analyst NAME --purpose P)%n",
                server.baseUrl());
        out.flush();
        return server;
    }

    private ConsumerGatewayConfig config(String bootstrap, String registry, PkiDirectory pki, LiaisonHome home) {
        try {
            Optional<TlsSettings> tls = http.tls(pki); // the HTTP options first: a wrong one fails before any Kafka login
            ConsumerGatewayConfig config = ConsumerGatewayConfig.defaults(bootstrap, registry, port)
                    .withRegistry(cluster.registry(home))
                    .withBindHost(http.bind())
                    .withKafkaOverrides(login.properties(home, Principals.CONSUMER_GATEWAY));
            return tls.map(config::withTls).orElse(config);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
    }

    private static Policy loadPolicy(Path file) {
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy " + file + " is invalid:\n" + e.getMessage(), e);
        }
    }
}
