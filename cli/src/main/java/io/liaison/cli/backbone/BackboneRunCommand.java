package io.liaison.cli.backbone;

import io.liaison.runtime.config.BackboneRunSettings;
import io.liaison.runtime.config.ConnectionSettings;
import io.liaison.cli.CliErrors;
import io.liaison.runtime.config.KafkaLogin;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.cluster.security.Principals;
import java.util.HashMap;
import io.liaison.runtime.config.BackboneRunSettings.Key;
import io.liaison.runtime.BackboneNode;
import io.liaison.pki.PkiDirectory;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.runtime.config.RegistryAccess;
import io.liaison.streams.BackboneSettings;
import io.liaison.streams.StreamsAppConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import io.liaison.streams.BackboneMetrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison backbone run}: one backbone instance until SIGTERM. Start several with the same
 * application id to share the ingress partitions; a killed instance's partitions move to the
 * survivors, which resume from the last committed transaction.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one backbone instance until stopped (SIGTERM or Ctrl-C).",
                "Settings: option, else environment, else --config file, else the demo's connection file, else default.",
                "Keys (file / environment): bootstrap.servers / LIAISON_BOOTSTRAP_SERVERS, schema.registry.url /",
                "LIAISON_REGISTRY_URL, pki.dir / LIAISON_PKI_DIR, policy.file / LIAISON_POLICY, streams.application.id,",
                "streams.threads, streams.state.dir, streams.replication.factor, replay.window, clock.skew,",
                "checkpoint.interval, component (each also as LIAISON_<KEY>, dots as underscores); kafka.* client properties.",
                "Kafka login (SCRAM over TLS): LIAISON_SCRAM_USER (default liaison-streams), LIAISON_SCRAM_PASSWORD_FILE,",
                "LIAISON_TLS_TRUSTSTORE (default tls/truststore.p12 of the PKI directory); an https registry is checked against",
                "it too, with basic authentication as LIAISON_REGISTRY_USER, password in LIAISON_REGISTRY_PASSWORD_FILE.",
                "With --checkpoint-interval the instance also checkpoints the audit log, as the same user;",
                "normally one `liaison checkpoint run` per cluster does that."})
final class BackboneRunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings above.")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT")
    String bootstrap;

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

    @Override
    public Integer call() throws InterruptedException {
        Map<Key, String> options = new EnumMap<>(Key.class);
        put(options, Key.BOOTSTRAP, bootstrap);
        put(options, Key.REGISTRY, registry);
        put(options, Key.PKI, pkiDir);
        put(options, Key.POLICY, policy);
        put(options, Key.THREADS, threads);
        put(options, Key.STATE_DIR, stateDir);
        put(options, Key.CHECKPOINTS, checkpoints);
        LiaisonHome home = LiaisonHome.resolve();
        BackboneRunSettings s = BackboneRunSettings.resolve(home, options, config);

        Policy genesis;
        try {
            genesis = PolicyLoader.load(s.path(Key.POLICY));
        } catch (PolicyException e) {
            throw new CliErrors.UserError("the policy is invalid:\n" + e.getMessage(), e);
        }
        StreamsAppConfig streams = new StreamsAppConfig(s.text(Key.APPLICATION_ID), s.text(Key.BOOTSTRAP),
                s.path(Key.STATE_DIR), s.integer(Key.THREADS, 1, 64), (short) s.integer(Key.REPLICATION, -1, 32), Map.of());
        BackboneSettings settings = new BackboneSettings(s.duration(Key.REPLAY_WINDOW).orElseThrow(),
                s.duration(Key.CLOCK_SKEW).orElseThrow(), BackboneSettings.DEFAULT_MAX_MESSAGE_BYTES, s.text(Key.COMPONENT));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("starting backbone %s (%s) on %s, policy %s%n", streams.applicationId(), settings.component(),
                streams.bootstrapServers(), genesis.version());
        out.flush();
        Map<String, String> clients = new HashMap<>(KafkaLogin.resolve(home, Principals.STREAMS,
                Map.of(ConnectionSettings.PKI, s.text(Key.PKI))).properties());
        clients.putAll(s.kafkaOverrides());
        BackboneNode node = BackboneNode.start(streams, settings,
                new ConfluentRegistryClient(RegistryAccess.resolve(home, s.text(Key.REGISTRY), Map.of(ConnectionSettings.PKI, s.text(Key.PKI)))),
                PkiDirectory.at(s.path(Key.PKI)), genesis, clients,
                s.duration(Key.CHECKPOINTS).map(interval -> new BackboneNode.Checkpoints(interval, clients)).orElse(null));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "liaison-backbone-shutdown"));
        node.awaitRunning(Duration.ofMinutes(5));
        out.println("backbone running; stop with SIGTERM or Ctrl-C");
        out.flush();
        // one status line a minute: what an operator tails to see that messages flow and why some do not
        while (!stopped.await(1, TimeUnit.MINUTES)) {
            BackboneMetrics m = node.service().metrics();
            out.printf("%s state %s, policy %s: %d disseminated, %d deliveries, %d quarantined %s%n", Instant.now(),
                    node.service().state(), node.policy().version(), m.disseminated(), m.deliveries(), m.quarantined(),
                    m.quarantinedByReason());
            out.flush();
        }
        return 0;
    }

    private static void put(Map<Key, String> options, Key key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
