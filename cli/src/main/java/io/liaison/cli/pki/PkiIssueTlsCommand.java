package io.liaison.cli.pki;

import io.liaison.pki.CertificateKind;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "issue-tls",
        mixinStandardHelpOptions = true,
        description =
                "Issue an ECDSA P-256 TLS certificate for a Kafka node, gateway or registry, with a PKCS#12 key store "
                        + "(ssl.keystore.type=PKCS12) and the shared trust store tls/truststore.p12.")
final class PkiIssueTlsCommand extends PkiSubcommand {
    @Parameters(
            paramLabel = "NAME",
            description = "Host or principal name (lower-case letters, digits, hyphens), e.g. broker-1 or cpd.")
    String name;

    @ArgGroup(multiplicity = "1")
    Usage usage;

    static final class Usage {
        @Option(names = "--server", required = true, description = "A server certificate (serverAuth).")
        boolean server;

        @Option(names = "--client", required = true, description = "A client certificate for mTLS (clientAuth).")
        boolean client;

        @Option(
                names = "--broker",
                required = true,
                description =
                        "A Kafka node's certificate: server to clients, mTLS between brokers and controllers (serverAuth and clientAuth).")
        boolean broker;
    }

    @Option(
            names = "--dns",
            paramLabel = "NAME",
            split = ",",
            description = "DNS names in the SAN (server and broker default: localhost).")
    List<String> dnsNames = List.of();

    @Option(
            names = "--ip",
            paramLabel = "ADDRESS",
            split = ",",
            description = "IP addresses in the SAN (server and broker default: 127.0.0.1).")
    List<String> ipAddresses = List.of();

    @Mixin
    NewKeyOptions newKey;

    @Override
    int run() {
        CertificateKind kind = usage.server
                ? CertificateKind.TLS_SERVER
                : usage.broker ? CertificateKind.TLS_BROKER : CertificateKind.TLS_CLIENT;
        boolean defaults = kind != CertificateKind.TLS_CLIENT && dnsNames.isEmpty() && ipAddresses.isEmpty();
        PkiDirectory dir = pki.directory();
        PkiDirectory.Slot slot = dir.slot(name, kind);
        boolean rotating = Files.exists(slot.certificate());
        IssuedCertificate issued = dir.issueTls(
                pki.authority(),
                name,
                kind,
                defaults ? List.of("localhost") : dnsNames,
                defaults ? List.of("127.0.0.1") : ipAddresses,
                newKey.validity(),
                newKey.keyPassphrase(),
                PkiOptions.RANDOM);
        IssuedCertificates.print(out(), issued, slot, rotating);
        out().printf("  key store:   %s (PKCS12, password in %s)%n", slot.keyStore(), slot.keyStorePassword());
        out().printf(
                        "  trust store: %s (PKCS12, password in %s.password)%n",
                        dir.trustStoreFile(), dir.trustStoreFile().getFileName());
        return 0;
    }
}
