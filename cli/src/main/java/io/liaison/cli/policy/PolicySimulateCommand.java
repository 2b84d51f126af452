package io.liaison.cli.policy;

import io.liaison.cli.CliErrors;
import io.liaison.cli.ClusterOptions;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cli.Since;
import io.liaison.cluster.security.Principals;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.policy.Policy;
import io.liaison.policy.simulation.SimulationReport;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.runtime.audit.TopicReader;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.simulation.PolicySimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liaison policy simulate}: what a candidate policy would change in the retained traffic,
 * before anyone approves it. Run by the backbone's operator: it reads ingress as the backbone does
 * (its Kafka login and encryption key) and prints counts and field paths, never a value.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Re-decide the retained ingress traffic under a candidate policy with the backbone's own decision logic "
                    + "(verification, policy engine, redactor), and print what would change per agency, message type, "
                    + "purpose and field: copies newly delivered or withheld, fields newly released, masked or dropped, "
                    + "messages newly quarantined. Counts and field paths only, never a value.",
            "Run as the backbone's operator: it reads ingress with the backbone's Kafka login and opens it with the "
                    + "backbone's encryption key, and writes nothing to Kafka or the registry.",
            "Give the JSON (--json --out FILE) to the approvers: `liaison policy approve CANDIDATE --simulation FILE` "
                    + "shows it before they sign."
        })
final class PolicySimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CANDIDATE", description = "The candidate policy YAML.")
    Path file;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            defaultValue = "7d",
            description = "Re-decide records appended at or after WHEN: a duration back from now (30m, 2h, 7d, PT2H), "
                    + "a date (UTC) or an instant (default: ${DEFAULT-VALUE}).")
    String since;

    @CommandLine.Mixin
    GenesisOption genesis;

    @Option(names = "--json", description = "Write JSON (for `policy approve --simulation`) instead of text.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    @Override
    public Integer call() {
        LiaisonHome home = LiaisonHome.resolve();
        Instant from = Since.parse("--since", since, Clock.systemUTC());
        Policy candidate = PolicyFiles.load(file);
        Policy pinned = genesis.load(home);
        PkiDirectory pki = cluster.pki(home);
        String bootstrap = cluster.bootstrapServers(home);
        Map<String, Object> backboneLogin = login.properties(home, Principals.STREAMS);
        Policy current =
                PolicyInForce.read(pki, pinned, bootstrap, backboneLogin).get();
        if (current.version().equals(candidate.version())) {
            throw new CliErrors.UserError(
                    file + " is the policy in force (" + current.version() + "): nothing to compare");
        }
        TrustStore trust;
        DecryptionKeys keys;
        try {
            trust = pki.loadTrustStore(Clock.systemUTC());
            keys = pki.decryptionKeys(CertificateProfiles.BACKBONE_OWNER, EncryptionRole.BACKBONE, Optional.empty());
        } catch (PkiException e) {
            throw new CliErrors.UserError(
                    "cannot load the backbone's trust store and encryption key, which open the retained ingress: "
                            + e.getMessage(),
                    e);
        }
        Properties consumer = new Properties();
        consumer.putAll(backboneLogin);
        SimulationReport report;
        try {
            report = new PolicySimulator(trust, keys, new ConfluentRegistryClient(cluster.registry(home)))
                    .simulate(current, candidate, from, TopicReader.consumerProperties(bootstrap, consumer));
        } catch (IllegalStateException e) {
            throw new CliErrors.UserError("simulation stopped, nothing concluded: " + e.getMessage(), e);
        }
        String text = json ? report.toJson().toPrettyString() + "\n" : String.join("\n", report.lines()) + "\n";
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + out + ": " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("simulation of %s written to %s (%d message(s) re-decided)%n", file, out, report.messages());
        return 0;
    }
}
