package io.liaison.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.pki.PkiDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backbone starts only with a pseudonym master secret of its own, apart from the PKI directory. */
class PseudonymSecretTest {
    @TempDir
    Path home;

    private PkiDirectory pki() {
        return PkiDirectory.at(home.resolve("pki"));
    }

    @Test
    void aMissingSecretRefusesTheStartNamingTheFileAndTheSetting() {
        Path file = home.resolve("secrets/pseudonym.key");

        assertThatThrownBy(() -> BackboneNode.pseudonymSecret(file, pki()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith(
                        "no pseudonym secret at " + file + " (pseudonym.secret.file, LIAISON_PSEUDONYM_SECRET_FILE): ");
    }

    @Test
    void aSecretInsideThePkiDirectoryIsRefusedEvenWhenItExists() throws Exception {
        Path inPki = home.resolve("pki/backbone/pseudonym.key");
        Files.createDirectories(inPki.getParent());
        Files.write(inPki, new byte[32]);

        assertThatThrownBy(() -> BackboneNode.pseudonymSecret(inPki, pki()))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("is inside the PKI directory " + home.resolve("pki"));
    }

    @Test
    void aShortSecretIsRefusedAndACreatedOneIsReadBack() throws Exception {
        Path file = home.resolve("secrets/pseudonym.key");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[31]);
        assertThatThrownBy(() -> BackboneNode.pseudonymSecret(file, pki()))
                .hasMessageEndingWith("has 31 bytes; it needs at least 32");

        Path created = home.resolve("other/pseudonym.key");
        assertThat(BackboneNode.ensurePseudonymSecret(created)).isTrue();
        assertThat(BackboneNode.ensurePseudonymSecret(created))
                .as("created once, never overwritten")
                .isFalse();
        assertThat(BackboneNode.pseudonymSecret(created, pki())).hasSize(32);
        assertThat(Files.getPosixFilePermissions(created))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
}
