package io.liaison.cli.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.liaison.cli.BootstrapServersOption;
import io.liaison.cli.CliErrors;
import io.liaison.cli.KafkaLoginOptions;
import io.liaison.cluster.security.Principals;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.policy.ChainLink;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyApproval;
import io.liaison.policy.simulation.SimulationReport;
import io.liaison.runtime.config.LiaisonHome;
import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.SettingSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liaison policy approve}: one agency's approval of a policy version, as a detached file.
 * It reads only that agency's private key, so that N-of-M approval takes N key holders: each runs
 * this with its own key, and {@code policy publish} collects the files.
 */
@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = {
            "Approve a policy version as ONE agency, with that agency's signing key only, and write the approval "
                    + "to a file (JSON).",
            "The approval signs the version's place in the chain: the next sequence after the version in force, "
                    + "which is read from the policy topic and verified from the genesis (--genesis), or given "
                    + "with --after and --sequence to sign offline.",
            "With --simulation, what the candidate would change in the retained traffic (`liaison policy simulate`) "
                    + "is shown before signing.",
            "Each approving agency runs this with its own key; then `liaison policy publish FILE --approval A "
                    + "--approval B` puts the version on the policy topic."
        })
final class PolicyApproveCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "The policy YAML to approve, byte for byte as it will be published.")
    Path file;

    @Option(
            names = "--as",
            required = true,
            paramLabel = "AGENCY",
            description =
                    "The approving agency. Only its key, agencies/AGENCY/signing.key in the PKI directory, is read.")
    String agency;

    @Option(
            names = "--pki-dir",
            paramLabel = "DIR",
            description =
                    "PKI directory holding the agency's key and the CA (default: $LIAISON_PKI_DIR, else connection.properties).")
    Path pkiDir;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "File whose first line unlocks an encrypted key.")
    Path keyPassphraseFile;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the approval (default: FILE.AGENCY.approval.json).")
    Path out;

    @Option(
            names = "--after",
            paramLabel = "VERSION",
            description = "Sign offline: the version in force (sha256:...) that FILE succeeds. Needs --sequence.")
    String after;

    @Option(
            names = "--sequence",
            paramLabel = "N",
            description = "Sign offline: FILE's sequence number (the one in force + 1).")
    Long sequence;

    @CommandLine.Mixin
    GenesisOption genesis;

    @Option(
            names = "--simulation",
            paramLabel = "FILE",
            description = "The JSON of `liaison policy simulate FILE --json` for this candidate and the policy it "
                    + "succeeds: shown before signing, refused if it simulated another pair of versions.")
    Path simulation;

    @CommandLine.Mixin
    BootstrapServersOption bootstrapServers;

    @CommandLine.Mixin
    KafkaLoginOptions login;

    @Override
    public Integer call() {
        LiaisonHome home = LiaisonHome.resolve();
        try {
            AgencyIds.require(agency);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError("--as: " + e.getMessage(), e);
        }
        Policy candidate = PolicyFiles.load(file);
        PkiDirectory pki = PkiDirectory.at(
                SettingSources.of(home).require(LiaisonSettings.PKI_DIR, pkiDir == null ? null : pkiDir.toString()));
        ChainLink link = link(home, pki, candidate);
        showSimulation(candidate, link);
        SigningIdentity identity;
        try {
            identity = pki.signingIdentity(
                    agency,
                    KeyRole.AGENCY_SIGNING,
                    Optional.ofNullable(keyPassphraseFile).map(Passphrase::readFrom));
        } catch (PkiException e) {
            throw new CliErrors.UserError("cannot sign as " + agency + ": " + e.getMessage(), e);
        }
        PolicyApproval approval =
                PolicyApproval.sign(identity, link, Clock.systemUTC().instant());
        Path target = out != null ? out : file.resolveSibling(file.getFileName() + "." + agency + ".approval.json");
        try {
            Files.writeString(target, approval.toJson().toPrettyString() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot write " + target + ": " + e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s approves %s as policy %s%n", agency, file, link);
        o.printf("signed with key %s at %s; approval written to %s%n", identity.keyId(), approval.signedAt(), target);
        o.printf("once the quorum has signed: liaison policy publish %s --approval %s --approval ...%n", file, target);
        List<String> others = otherKeyHolders(pki);
        if (!others.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "note: %s also holds the private signing keys of %s (not read); "
                                    + "outside a demo each approver keeps only its own key%n",
                            pki.root(), others);
        }
        return 0;
    }

    /** The place FILE takes: given offline, else the successor of the version in force on the policy topic. */
    private ChainLink link(LiaisonHome home, PkiDirectory pki, Policy candidate) {
        if ((after == null) != (sequence == null)) {
            throw new CliErrors.UserError(
                    "--after and --sequence go together: give both to sign offline, or neither to read the policy topic");
        }
        if (after != null) {
            try {
                return new ChainLink(sequence, after, candidate.version());
            } catch (IllegalArgumentException e) {
                throw new CliErrors.UserError("--after/--sequence: " + e.getMessage(), e);
            }
        }
        Policy pinned = genesis.load(home);
        ChainLink head = PolicyInForce.read(
                        pki, pinned, bootstrapServers.require(home), login.properties(home, Principals.ADMIN))
                .link();
        if (head.version().equals(candidate.version())) {
            throw new CliErrors.UserError(file + " is already the policy in force (" + head + ")");
        }
        return head.next(candidate.version());
    }

    /** What the candidate would change, as simulated for exactly this link, before the approver signs. */
    private void showSimulation(Policy candidate, ChainLink link) {
        if (simulation == null) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "note: no simulation shown; the backbone's operator runs `liaison policy simulate %s --json "
                                    + "--out SIM` and approvers pass --simulation SIM%n",
                            file);
            return;
        }
        SimulationReport report;
        try {
            report = SimulationReport.fromJson(JSON.readTree(simulation.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliErrors.UserError(
                    "--simulation " + simulation + " is not a simulation report: " + e.getMessage(), e);
        }
        if (!report.candidateVersion().equals(candidate.version())) {
            throw new CliErrors.UserError("--simulation " + simulation + " simulated policy "
                    + report.candidateVersion() + ", not " + file + " (" + candidate.version() + "); nothing signed");
        }
        if (!report.currentVersion().equals(link.predecessor())) {
            throw new CliErrors.UserError(
                    "--simulation " + simulation + " compared with policy " + report.currentVersion() + ", but " + file
                            + " succeeds " + link.predecessor() + ": simulate again; nothing signed");
        }
        PrintWriter o = spec.commandLine().getOut();
        report.lines().forEach(o::println);
    }

    /** Agencies other than the approver whose private signing keys sit in the same directory. */
    private List<String> otherKeyHolders(PkiDirectory pki) {
        Path agencies = pki.slot(agency, CertificateKind.of(KeyRole.AGENCY_SIGNING))
                .dir()
                .getParent();
        try (Stream<Path> dirs = Files.list(agencies)) {
            return dirs.map(d -> d.getFileName().toString())
                    .filter(a -> !a.equals(agency))
                    .filter(a -> Files.exists(pki.slot(a, CertificateKind.of(KeyRole.AGENCY_SIGNING))
                            .privateKey()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
