package io.liaison.cli.witness;

import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.cli.CliErrors;
import io.liaison.cli.HttpServeOptions;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.runtime.BackboneNode;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.PkiMaterial;
import io.liaison.runtime.config.SettingSources;
import io.liaison.witness.WitnessConfig;
import io.liaison.witness.WitnessServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code liaison witness serve}: the witness until SIGTERM. Run by oversight, on its own host,
 * with its own key and state: the checkpointer submits to it, it never reaches Kafka.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the C2SP tlog-witness protocol (POST /add-checkpoint; /health, /ready, /metrics) until stopped.",
            "It cosigns a checkpoint of a witnessed origin only when a trusted backbone key signed it "
                    + "and a consistency proof shows it extends the last checkpoint it cosigned, which it keeps "
                    + "per origin in --state-dir before it answers. It refuses a fork (409), a truncation (409) "
                    + "and a rewrite (422), logging each at WARN.",
            "Key: witnesses/OWNER/witness.key in the PKI directory (`liaison pki issue OWNER --role witness`)."
        })
public final class WitnessServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + WitnessConfig.DEFAULT_PORT,
            description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Mixin
    HttpServeOptions http;

    @Option(
            names = "--pki-dir",
            paramLabel = "DIR",
            description = "Holds the witness key and the backbone's certificates (default: $LIAISON_PKI_DIR).")
    String pkiDir;

    @Option(
            names = "--owner",
            paramLabel = "OWNER",
            defaultValue = WitnessConfig.DEFAULT_OWNER,
            description = "Whose witness key to use (default ${DEFAULT-VALUE}).")
    String owner;

    @Option(
            names = "--key-name",
            paramLabel = "NAME",
            defaultValue = WitnessConfig.DEFAULT_KEY_NAME,
            description = "The note key name on its cosignatures (default ${DEFAULT-VALUE}).")
    String keyName;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Passphrase of an encrypted witness key.")
    Path keyPassphraseFile;

    @Option(
            names = "--origin",
            paramLabel = "ORIGIN",
            description = "A log origin to witness (repeatable; default the backbone's audit log, "
                    + BackboneNode.CHECKPOINT_ORIGIN + ").")
    List<String> origins = List.of(BackboneNode.CHECKPOINT_ORIGIN);

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "The last cosigned checkpoint per origin (default: $LIAISON_WITNESS_STATE_DIR, else "
                    + "$LIAISON_HOME/witness). Keep it on a persistent volume of the witness's own.")
    String stateDir;

    @Override
    public Integer call() throws InterruptedException {
        HttpServeOptions.serveUntilStopped(
                start(), "liaison-witness", spec.commandLine().getOut());
        return 0;
    }

    /** Starts the witness as the options say, prints its key and URL, and returns it running. */
    public WitnessServer start() {
        LiaisonHome home = LiaisonHome.resolve();
        SettingSources sources = SettingSources.of(home);
        PkiDirectory pki = PkiDirectory.at(sources.require(LiaisonSettings.PKI_DIR, pkiDir));
        Path state = sources.lookup(LiaisonSettings.WITNESS_STATE_DIR, stateDir).orElse(home.witnessState());
        SigningIdentity key;
        try {
            key = pki.signingIdentity(
                    owner,
                    KeyRole.WITNESS,
                    Optional.ofNullable(keyPassphraseFile).map(Passphrase::readFrom));
        } catch (PkiException e) {
            throw new CliErrors.UserError(
                    "cannot load the witness key of " + owner + " from " + pki.root() + ": " + e.getMessage()
                            + " (issue one with `liaison pki issue " + owner + " --role witness`)",
                    e);
        }
        WitnessConfig config = new WitnessConfig(http.bind(), port, http.tls(pki), state);
        WitnessServer server = http.bound(
                port,
                () -> WitnessServer.start(
                        config,
                        key,
                        keyName,
                        new CheckpointVerifier(PkiMaterial.trustStore(pki)),
                        Set.copyOf(origins),
                        Clock.systemUTC()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "witness %s listening on %s for %s, state %s%n",
                server.witness().noteKey().verifierKey(), server.baseUrl(), String.join(", ", origins), state);
        out.flush();
        return server;
    }
}
