package io.liaison.cli.complaints;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.HttpServeOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cli.PolicyOption;
import io.liaison.cluster.security.Principals;
import io.liaison.complaints.ComplaintServer;
import io.liaison.complaints.ComplaintsConfig;
import io.liaison.complaints.KafkaComplaintStore;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.Policy;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.web.auth.TlsSettings;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison complaints serve}: the public complaint intake until SIGTERM. It seals each
 * complaint to the oversight agency's encryption key (its certificate, from the PKI's trust store)
 * and holds no private key; it logs in to Kafka as {@code complaints-intake}.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the public complaint intake (GET / the form, POST /complaints, GET "
                    + "/complaints/RECEIPT, /status, GET /complaints/RECEIPT/proof, /health, /ready) until "
                    + "stopped. No account: per-address rate limits and a body limit instead. A complaint is "
                    + "sealed to the oversight agency the policy's complaints: section names, and stored with "
                    + "its audit record before the receipt is given; if Kafka cannot store it the resident gets "
                    + "503.",
            "Serve it with --tls-name on a public address; plain HTTP only on loopback (the demo)."
        })
public final class ComplaintsServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + ComplaintsConfig.DEFAULT_PORT,
            description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Mixin
    HttpServeOptions http;

    @CommandLine.Mixin
    PolicyOption policy;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    /** The running intake and its store. */
    public record Running(ComplaintServer server, KafkaComplaintStore store) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                store.close();
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        HttpServeOptions.serveUntilStopped(
                start(), "liaison-complaints", spec.commandLine().getOut());
        return 0;
    }

    public Running start() {
        LiaisonHome home = LiaisonHome.resolve();
        PkiDirectory pki = cluster.pki(home);
        Policy current = policy.load(home);
        ComplaintsPolicy complaints = current.complaints()
                .orElseThrow(() -> new CliErrors.UserError("the policy " + current.name()
                        + " declares no complaints: section, so there is nothing to take complaints for"));
        Optional<TlsSettings> tls = http.tls(pki);
        if (tls.isEmpty() && !isLoopback(http.bind())) {
            throw new CliErrors.UserError(
                    "refusing to take complaints over plain HTTP on " + http.bind()
                            + ": pass --tls-name NAME (a server certificate from `liaison pki issue-tls`), or bind to 127.0.0.1");
        }
        ComplaintsConfig config = ComplaintsConfig.defaults(http.bind(), port, tls);
        TrustStore trust = PkiMaterial.trustStore(pki);
        String oversight = complaints.oversight();
        if (trust.encryptionKey(
                        oversight, EncryptionRole.AGENCY, Clock.systemUTC().instant())
                .isEmpty()) {
            throw new CliErrors.UserError("no valid encryption certificate of " + oversight + " in " + pki.root()
                    + ": complaints could not be sealed to oversight (issue one with `liaison pki issue " + oversight
                    + "`)");
        }
        Map<String, Object> kafka = login.properties(home, Principals.COMPLAINTS_INTAKE);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(home));
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(cluster.registry(home)), true);
        KafkaComplaintStore store = new KafkaComplaintStore(kafka, codec, config.kafkaTimeout());
        ComplaintServer server;
        try {
            server = http.bound(
                    port,
                    () -> ComplaintServer.start(
                            config,
                            store,
                            new ComplaintServer.IntakePolicy(complaints, current.agencies(), current.version()),
                            at -> trust.encryptionKey(oversight, EncryptionRole.AGENCY, at),
                            "liaison-complaints@" + hostname(),
                            Clock.systemUTC()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "complaint intake listening on %s (sealed to %s, policy %s, Kafka user %s)%n",
                server.baseUrl(), oversight, current.version(), Principals.COMPLAINTS_INTAKE);
        out.flush();
        return new Running(server, store);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
