package io.liaison.cli.pki;

import io.liaison.pki.Passphrase;
import io.liaison.pki.Validity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How long a newly issued leaf certificate is valid and how its private key is kept: every {@code pki issue*} verb's. */
final class NewKeyOptions {
    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "365",
            description = "Validity in days (default ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--from",
            paramLabel = "ISO-INSTANT",
            description = "Start of validity (default now), e.g. to schedule a rotation.")
    Instant from;

    @Option(
            names = "--key-passphrase-file",
            paramLabel = "FILE",
            description = "Encrypt the new private key with the passphrase in FILE.")
    Path keyPassphraseFile;

    /** Options as {@code pki init} uses them for the officer's first key: valid from now, key not encrypted. */
    static NewKeyOptions validFromNowFor(int days) {
        NewKeyOptions options = new NewKeyOptions();
        options.days = days;
        return options;
    }

    Validity validity() {
        return PkiSubcommand.validity(from, days);
    }

    Optional<Passphrase> keyPassphrase() {
        return Optional.ofNullable(keyPassphraseFile).map(Passphrase::readFrom);
    }
}
