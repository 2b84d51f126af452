package io.liaison.cli.pki;

import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every {@code pki} verb shares: where the PKI directory is, and how to unlock the CA key. */
final class PkiOptions {
    static final Clock CLOCK = Clock.systemUTC();
    static final SecureRandom RANDOM = new SecureRandom();

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "${env:LIAISON_PKI_DIR:-${sys:liaison.home:-.liaison}/pki}",
            description =
                    "PKI directory (default: $LIAISON_PKI_DIR, else the Liaison home's pki/; now ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--ca-passphrase-file",
            paramLabel = "FILE",
            description = "File whose first line is the CA key's passphrase (init: encrypt the new key with it).")
    Path caPassphraseFile;

    PkiDirectory directory() {
        return PkiDirectory.at(dir);
    }

    Optional<Passphrase> caPassphrase() {
        return Optional.ofNullable(caPassphraseFile).map(Passphrase::readFrom);
    }

    CertificateAuthority authority() {
        return directory().authority(caPassphrase(), CLOCK, RANDOM);
    }
}
