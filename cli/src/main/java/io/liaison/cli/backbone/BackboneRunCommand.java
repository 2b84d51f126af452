package io.liaison.cli.backbone;

import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.cli.ManagementListener;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.ControlPlaneStartException;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.config.BackboneRunSettings;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.Setting;
import io.liaison.runtime.config.SettingSources;
import io.liaison.streams.BackboneMetrics;
import io.liaison.web.management.ManagementServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison backbone run}: one backbone instance until SIGTERM. Start several with the same
 * application id to share the ingress partitions; a killed instance's partitions move to the
 * survivors, which resume from the last committed transaction.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run one backbone instance until stopped (SIGTERM or Ctrl-C).",
            "Each setting below: option, else environment, else --config file, else (*) the demo's "
                    + "connection.properties, else default; see docs/configuration.md.",
            "Kafka login: SCRAM over TLS, brokers checked against tls.truststore (default "
                    + "tls/truststore.p12 of the PKI directory); an https registry is checked against it too, "
                    + "with basic authentication as registry.user. kafka.<name> keys in --config and "
                    + "LIAISON_KAFKA_<NAME> variables set Kafka client properties; one that would undo TLS is "
                    + "refused. With --checkpoint-interval the instance also checkpoints the audit log, as the "
                    + "same user; normally one `liaison checkpoint run` per cluster does that."
        })
final class BackboneRunCommand implements Callable<Integer> {
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings below, by key.")
    Path config;

    @CommandLine.Mixin
    BootstrapServersOption bootstrap;

    @Option(names = "--registry-url", paramLabel = "URL")
    String registry;

    @Option(names = "--pki-dir", paramLabel = "DIR")
    String pkiDir;

    @Option(names = "--policy", paramLabel = "FILE")
    String policy;

    @Option(names = "--threads", paramLabel = "N")
    String threads;

    @Option(names = "--state-dir", paramLabel = "DIR")
    String stateDir;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION|off")
    String checkpoints;

    /** Lists the settings in --help from the table, so that the help cannot drift from what is read. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec commandSpec) {
        this.spec = commandSpec;
        List<String> footer =
                new ArrayList<>(List.of("", "Settings (key in --config, environment variable: default):"));
        for (Setting<?> s : BackboneRunSettings.SETTINGS) {
            String key = s.key().map(k -> k + ", ").orElse("");
            String fallback = s.connectionFile() ? " (*)" : "";
            String byDefault =
                    s.defaultText().isEmpty() ? "" : ": " + s.defaultText().replace("`", "");
            footer.add("  " + key + s.env() + fallback + byDefault);
        }
        commandSpec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting<?>, String> options = new HashMap<>();
        options.put(LiaisonSettings.BOOTSTRAP_SERVERS, bootstrap.given());
        options.put(LiaisonSettings.REGISTRY_URL, registry);
        options.put(LiaisonSettings.PKI_DIR, pkiDir);
        options.put(LiaisonSettings.POLICY, policy);
        options.put(LiaisonSettings.STREAMS_THREADS, threads);
        options.put(LiaisonSettings.STREAMS_STATE_DIR, stateDir);
        options.put(LiaisonSettings.CHECKPOINT_INTERVAL, checkpoints);
        SettingSources sources = SettingSources.of(LiaisonHome.resolve()).withConfigFile(config);
        BackboneRunSettings s = BackboneRunSettings.resolve(sources, options);

        Policy genesis;
        try {
            genesis = PolicyLoader.load(s.policyFile());
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy is invalid:\n" + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "starting backbone %s (%s) on %s, policy %s%n",
                s.streams().applicationId(), s.rules().component(), s.streams().bootstrapServers(), genesis.version());
        out.flush();
        BackboneNode node;
        try {
            node = BackboneNode.start(
                    s.streams(),
                    s.rules(),
                    new ConfluentRegistryClient(s.registry()),
                    PkiDirectory.at(s.pkiDir()),
                    genesis,
                    s.clientProperties(),
                    s.pseudonyms(),
                    s.checkpointInterval()
                            .map(interval -> new BackboneNode.Checkpoints(
                                    interval, s.checkpointState(), s.clientProperties(), s.checkpointWitnesses()))
                            .orElse(null));
        } catch (ControlPlaneStartException e) {
            throw new CliErrors.UserError(
                    "refusing to start: " + e.getMessage() + " (genesis pinned by " + LiaisonSettings.POLICY.name()
                            + " " + s.policyFile() + ")",
                    e);
        }
        ManagementServer management;
        try {
            management = ManagementListener.start(sources, node::serveManagement, out);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            management.close();
                            node.close();
                            stopped.countDown();
                        },
                        "liaison-backbone-shutdown"));
        node.awaitRunning(Duration.ofMinutes(5));
        out.println("backbone running; stop with SIGTERM or Ctrl-C");
        out.flush();
        // one status line a minute: what an operator tails to see that messages flow and why some do not
        while (!stopped.await(1, TimeUnit.MINUTES)) {
            Optional<String> refusal = node.service().refusal();
            if (refusal.isPresent()) {
                throw new CliErrors.UserError("stopped: " + refusal.get() + " (the pinned count is "
                        + LiaisonSettings.TOPIC_PARTITIONS.name() + ")");
            }
            BackboneMetrics m = node.service().metrics();
            ControlPlane.Health control = node.service().controlPlane();
            out.printf(
                    "%s state %s, control plane %s (%s),%s policy %s: %d disseminated, %d deliveries, %d quarantined %s%n",
                    Instant.now(),
                    node.service().state(),
                    control.ready() ? "ready" : "NOT READY",
                    control.status(),
                    node.checkpoints()
                            .map(c -> " checkpoints " + c.status() + ",")
                            .orElse(""),
                    node.policy().version(),
                    m.disseminated(),
                    m.deliveries(),
                    m.quarantined(),
                    m.quarantinedByReason());
            out.flush();
        }
        return 0;
    }
}
