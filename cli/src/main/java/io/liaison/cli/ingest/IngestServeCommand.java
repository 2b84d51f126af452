package io.liaison.cli.ingest;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.HttpServeOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cli.PolicyOption;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.Readiness;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.Policy;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.AgencyGatewayConfig;
import io.liaison.producer.http.IngestServer;
import io.liaison.producer.http.IngestServerConfig;
import io.liaison.runtime.ServiceControlPlane;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.web.auth.TokenSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison ingest serve}: one agency's HTTP ingest until SIGTERM. It signs with the agency's
 * key from the PKI directory, logs in to Kafka as the agency, and accepts bearer tokens signed by
 * the agency's key (audience {@value TokenSettings#AGENCY_GATEWAY_AUDIENCE}) or, with TLS, the
 * agency's client certificates, checked at each request against the trust topic it follows.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve one agency's HTTP ingest (POST /v1/messages/{type}, /v1/openapi.json, /health, /ready, /metrics) until stopped.",
            "Connection: --bootstrap-servers, --registry-url, --pki-dir, --policy, else "
                    + "LIAISON_BOOTSTRAP_SERVERS, LIAISON_REGISTRY_URL, LIAISON_PKI_DIR, LIAISON_POLICY, else "
                    + "the demo's connection.properties.",
            "Trust and policy follow the trust and policy topics: a revocation applies without a restart.",
            "Kafka login (SCRAM over TLS): LIAISON_SCRAM_USER (default the agency), LIAISON_SCRAM_PASSWORD_FILE, LIAISON_TLS_TRUSTSTORE.",
            "Callers authenticate with `liaison gateway token --audience ingest` tokens or, with --tls-name, client certificates."
        })
public final class IngestServeCommand implements Callable<Integer> {
    public static final int DEFAULT_PORT = 8080;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--agency",
            required = true,
            paramLabel = "AGENCY",
            description = "Serve as this agency (its key signs), e.g. cpd.")
    String agency;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_PORT,
            description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Mixin
    HttpServeOptions http;

    @CommandLine.Mixin
    PolicyOption policy;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of an encrypted signing key.")
    Path keyPassphraseFile;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    /** A started ingest: the HTTP server, the gateway it publishes through and the control plane it follows. */
    public record Running(IngestServer server, AgencyGateway gateway, ControlPlane controlPlane, String url)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                gateway.close();
                controlPlane.close();
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Running running = start();
        HttpServeOptions.serveUntilStopped(
                running, "liaison-ingest", spec.commandLine().getOut());
        return 0;
    }

    /** Starts the ingest as the options say, prints where it listens, and returns it running. */
    public Running start() {
        LiaisonHome home = LiaisonHome.resolve();
        String bootstrap = cluster.bootstrapServers(home);
        String registry = cluster.registryUrl(home);
        PkiDirectory pki = cluster.pki(home);
        SigningIdentity identity = PkiMaterial.signingIdentity(pki, agency, keyPassphraseFile);
        IngestServerConfig config = serverConfig(pki);
        Policy genesis = policy.load(home);
        AgencyGatewayConfig gatewayConfig = AgencyGatewayConfig.defaults(agency, bootstrap, registry)
                .withRegistry(cluster.registry(home))
                .withKafkaOverrides(login.connection(home, agency).properties());
        ControlPlane controlPlane = ServiceControlPlane.follow(bootstrap, login.properties(home, agency), pki, genesis);
        AgencyGateway gateway;
        IngestServer server;
        try {
            gateway = AgencyGateway.connect(gatewayConfig, identity, controlPlane.trust());
            try {
                server = http.bound(port, () -> IngestServer.start(config, gateway, controlPlane, Clock.systemUTC()));
            } catch (RuntimeException e) {
                gateway.close();
                throw e;
            }
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
        String url = (config.tls().isPresent() ? "https" : "http") + "://" + config.bindHost() + ":" + server.port();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ingest for %s listening on %s (publishing to %s as %s)%n", agency, url, bootstrap, agency);
        out.printf("  POST %s/v1/messages/{type}   OpenAPI: %s/v1/openapi.json%n", url, url);
        if (controlPlane.readiness(config.controlPlaneMaxLag()) instanceof Readiness.NotReady notReady) {
            out.printf("  not ready (every request gets 503 until it is; see %s/ready): %s%n", url, notReady.reason());
        }
        out.flush();
        return new Running(server, gateway, controlPlane, url);
    }

    private IngestServerConfig serverConfig(PkiDirectory pki) {
        try {
            IngestServerConfig config = IngestServerConfig.defaults(port).withBindHost(http.bind());
            return http.tls(pki).map(config::withTls).orElse(config);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
    }
}
