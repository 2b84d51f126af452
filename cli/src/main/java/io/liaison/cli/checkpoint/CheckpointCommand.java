package io.liaison.cli.checkpoint;

import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cli.ManagementListener;
import io.liaison.cluster.security.Principals;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.ProcessChecks;
import io.liaison.runtime.audit.CheckpointMetrics;
import io.liaison.runtime.audit.CheckpointPublisher;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import io.liaison.web.management.ManagementServer;
import io.liaison.web.metrics.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code liaison checkpoint run}: the audit log's checkpointer, one per cluster. */
@Command(
        name = "checkpoint",
        mixinStandardHelpOptions = true,
        description = "Sign checkpoints of the audit log (RFC 6962 tree heads, C2SP format) to the checkpoints topic.",
        subcommands = {CheckpointCommand.Run.class})
public final class CheckpointCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Follow the audit topic and publish a checkpoint signed with the backbone attestation key "
                        + "every --every records or --interval, whichever comes first, while the log grows. Runs "
                        + "until stopped.",
                "It keeps the last checkpoint it signed in --state-file and exits 1, signing nothing, when "
                        + "the audit log does not extend it (shorter, or another root at its size: the topic deleted "
                        + "and recreated).",
                "With --witness (or LIAISON_CHECKPOINT_WITNESSES) it submits each checkpoint to those C2SP "
                        + "tlog-witness witnesses and publishes it with their cosignatures; a witness that refuses "
                        + "or is down is named in a WARN and the note goes out without its cosignature (never "
                        + "claiming it).",
                "Kafka login (SCRAM over TLS): LIAISON_SCRAM_USER (default checkpointer), LIAISON_SCRAM_PASSWORD_FILE, LIAISON_TLS_TRUSTSTORE."
            })
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        BootstrapServersOption bootstrapServers;

        @Option(names = "--pki-dir", paramLabel = "DIR", description = "Holds the backbone attestation key.")
        String pkiDir;

        @CommandLine.Mixin
        KafkaLoginOptions login;

        @Option(
                names = "--interval",
                paramLabel = "DURATION",
                defaultValue = "PT10S",
                description = "Longest time between checkpoints while the log grows (default ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(
                names = "--every",
                paramLabel = "N",
                defaultValue = "1000",
                description = "Checkpoint at least every N records (default ${DEFAULT-VALUE}).")
        long every;

        @Option(
                names = "--state-file",
                paramLabel = "FILE",
                description = "The last signed checkpoint (default: $LIAISON_CHECKPOINT_STATE_FILE, else "
                        + "$LIAISON_HOME/checkpointer/last-checkpoint.note). Keep it on a persistent volume.")
        String stateFile;

        @Option(
                names = "--witness",
                paramLabel = "URL",
                description =
                        "A witness's submission URL (repeatable; default: $LIAISON_CHECKPOINT_WITNESSES, else none).")
        List<URI> witnessUrls = List.of();

        @Override
        public Integer call() throws InterruptedException {
            LiaisonHome home = LiaisonHome.resolve();
            Path state = SettingSources.of(home)
                    .lookup(LiaisonSettings.CHECKPOINT_STATE_FILE, stateFile)
                    .orElse(home.checkpointState());
            String bootstrap = bootstrapServers.require(home);
            PkiDirectory pki = PkiDirectory.at(SettingSources.of(home).require(LiaisonSettings.PKI_DIR, pkiDir));
            SigningIdentity key = pki.signingIdentity(
                    CertificateProfiles.BACKBONE_OWNER, KeyRole.BACKBONE_ATTESTATION, Optional.empty());
            Properties clientLogin = new Properties();
            clientLogin.putAll(login.properties(home, Principals.CHECKPOINTER));
            List<URI> witnesses = witnessUrls.isEmpty()
                    ? SettingSources.of(home)
                            .lookup(LiaisonSettings.CHECKPOINT_WITNESSES, null)
                            .orElse(List.of())
                    : witnessUrls;
            CheckpointPublisher publisher = new CheckpointPublisher(
                    new CheckpointPublisher.Settings(
                            bootstrap, BackboneNode.CHECKPOINT_ORIGIN, every, interval, clientLogin, state),
                    key,
                    Clock.systemUTC(),
                    BackboneNode.witnesses(witnesses, pki.loadTrustStore(Clock.systemUTC()), pki));
            PrometheusMeterRegistry registry = ProcessMetrics.registry("checkpointer");
            new CheckpointMetrics(publisher, Clock.systemUTC()).bindTo(registry);
            ManagementServer management = ManagementListener.start(
                    SettingSources.of(home),
                    (host, port) -> ManagementServer.start(
                            host,
                            port,
                            registry,
                            () -> List.of(ProcessChecks.checkpointerAlive(publisher.health())),
                            () -> List.of(ProcessChecks.checkpointerReady(publisher.health()))),
                    spec.commandLine().getOut());
            publisher.start();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "checkpointing %s on %s every %d records or %s, state %s, witnesses %s; stop with SIGTERM%n",
                            BackboneNode.CHECKPOINT_ORIGIN,
                            bootstrap,
                            every,
                            interval,
                            state,
                            witnesses.isEmpty() ? "none" : witnesses);
            spec.commandLine().getOut().flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                management.close();
                                publisher.close();
                                stopped.countDown();
                            },
                            "liaison-checkpoint-shutdown"));
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                if (publisher.health() instanceof CheckpointPublisher.Health.Refused refused) {
                    throw new CliErrors.UserError("refusing to checkpoint: " + refused.reason());
                }
            }
            return 0;
        }
    }
}
