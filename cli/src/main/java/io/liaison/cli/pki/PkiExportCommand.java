package io.liaison.cli.pki;

import io.liaison.kernel.trust.AgencyIds;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.witness.WitnessConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write one running service's PKI directory (its own volume): every certificate and the "
                    + "CRL, and only the private keys that service uses, 0600; never the CA key. Running it "
                    + "again refreshes the copy (rotation, revocation).",
            "  backbone    attestation and encryption keys (current and previous), the pseudonymisation key",
            "  checkpoint  the attestation key (it signs checkpoints)",
            "  ingest      the agency's signing key (--agency)",
            "  gateway     the agency's encryption keys, current and previous (--agency)",
            "  witness     the witness's cosigning keys (owner oversight, or --agency OWNER); it needs no Kafka login",
            "  officer     the quarantine officer's encryption keys: for the officer's workstation, not a service",
            "  complaints  no private key: the public complaint intake seals to oversight's certificate and opens nothing"
        })
final class PkiExportCommand extends PkiSubcommand {
    @Option(
            names = "--service",
            required = true,
            paramLabel = "SERVICE",
            description = "backbone, checkpoint, ingest, gateway, witness, officer or complaints.")
    String service;

    @Option(
            names = "--agency",
            paramLabel = "AGENCY",
            description = "The agency of an ingest or gateway; the owner of a witness (default oversight).")
    String agency;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The service's PKI directory to write.")
    Path out;

    @Override
    int run() {
        PkiDirectory dir = pki.directory();
        String backbone = CertificateProfiles.BACKBONE_OWNER;
        List<Path> keys = new ArrayList<>();
        switch (service) {
            case "backbone" -> {
                keys.addAll(dir.privateKeyFiles(backbone, CertificateKind.BACKBONE_ATTESTATION));
                keys.addAll(dir.privateKeyFiles(backbone, CertificateKind.BACKBONE_ENCRYPTION));
            }
            case "checkpoint" -> keys.addAll(dir.privateKeyFiles(backbone, CertificateKind.BACKBONE_ATTESTATION));
            case "ingest" -> keys.addAll(dir.privateKeyFiles(requireAgency(), CertificateKind.AGENCY_SIGNING));
            case "gateway" -> keys.addAll(dir.privateKeyFiles(requireAgency(), CertificateKind.AGENCY_ENCRYPTION));
            case "witness" ->
                keys.addAll(dir.privateKeyFiles(
                        agency == null ? WitnessConfig.DEFAULT_OWNER : AgencyIds.require(agency),
                        CertificateKind.WITNESS));
            case "officer" ->
                keys.addAll(dir.privateKeyFiles(
                        CertificateProfiles.QUARANTINE_OFFICER_OWNER, CertificateKind.QUARANTINE_ENCRYPTION));
            case "complaints" -> {
                // certificates and the CRL only
            }
            default ->
                throw new IllegalArgumentException(
                        "--service must be backbone, checkpoint, ingest, gateway, witness, officer or complaints, not '"
                                + service + "'");
        }
        dir.exportTo(out, keys);
        out().printf(
                        "exported the %s%s PKI view to %s: certificates, the CRL and %d private file(s)%n",
                        service, agency == null ? "" : " of " + agency, out, keys.size());
        keys.forEach(k -> out().printf("  %s%n", dir.root().relativize(k)));
        return 0;
    }

    private String requireAgency() {
        if (agency == null) {
            throw new IllegalArgumentException("--service " + service + " needs --agency AGENCY");
        }
        return AgencyIds.require(agency);
    }
}
