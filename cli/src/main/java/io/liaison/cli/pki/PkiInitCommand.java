package io.liaison.cli.pki;

import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.KeyIds;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description =
                "Create the offline root CA (Ed25519) in an empty PKI directory, and the quarantine officer's X25519 "
                        + "encryption key pair (rotate it with issue-officer).")
final class PkiInitCommand extends PkiSubcommand {
    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "3650",
            description = "Validity of the CA in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--name",
            paramLabel = "CN",
            defaultValue = CertificateAuthority.DEFAULT_NAME,
            description = "Common name of the CA (default '${DEFAULT-VALUE}').")
    String name;

    @Override
    int run() {
        PkiDirectory dir = pki.directory();
        X509CertificateHolder ca = dir.init(name, validity(null, days), pki.caPassphrase(), PkiOptions.RANDOM);
        Validity validity = dir.anchor().validity();
        out().printf("created root CA %s%n", ca.getSubject());
        out().printf("  key id:      %s%n", KeyIds.of(ca));
        out().printf("  certificate: %s%n", dir.caCertificateFile());
        out().printf(
                        "  private key: %s (0600%s; keep it offline)%n",
                        dir.caKeyFile(), pki.caPassphraseFile == null ? ", not encrypted" : ", encrypted");
        out().printf("  valid:       %s to %s%n", validity.notBefore(), validity.notAfter());
        return PkiIssueCommand.issueEncryption(
                this,
                CertificateProfiles.QUARANTINE_OFFICER_OWNER,
                EncryptionRole.QUARANTINE_OFFICER,
                NewKeyOptions.validFromNowFor(Math.min(days, 365)));
    }
}
