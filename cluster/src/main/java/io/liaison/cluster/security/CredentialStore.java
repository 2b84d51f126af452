package io.liaison.cluster.security;

import io.liaison.pki.Passphrase;
import io.liaison.pki.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Kafka passwords kept as files, one per user: {@code <dir>/<user>.password}, mode 0600, one line.
 * The same layout works for passwords generated here and for secrets mounted by an orchestrator
 * (Docker/Kubernetes secrets are files too), and a restart reads back what the last run created.
 */
public final class CredentialStore {
    private static final String SUFFIX = ".password";

    private final Path dir;
    private final SecureRandom random;

    private CredentialStore(Path dir, SecureRandom random) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.random = Objects.requireNonNull(random, "random");
    }

    public static CredentialStore at(Path dir) {
        return new CredentialStore(dir, new SecureRandom());
    }

    public Path dir() {
        return dir;
    }

    public Path file(String user) {
        return dir.resolve(user + SUFFIX);
    }

    /** The stored credential of {@code user}, if its file exists. */
    public Optional<ScramCredential> read(String user) {
        Path file = file(user);
        return Files.isRegularFile(file)
                ? Optional.of(new ScramCredential(user, Passphrase.readFrom(file)))
                : Optional.empty();
    }

    /** The stored credential of {@code user}, or a clear error naming the file that is missing. */
    public ScramCredential require(String user) {
        return read(user)
                .orElseThrow(() -> new IllegalStateException("no password for Kafka user " + user + ": " + file(user)
                        + " does not exist (run `liaison admin users` to create it)"));
    }

    /** The stored credential, created with a fresh random password if there is none yet. */
    public ScramCredential ensure(String user) {
        return read(user).orElseGet(() -> {
            ScramCredential created = fresh(user);
            PemFiles.writeSecret(
                    file(user), (new String(created.password().chars()) + "\n").getBytes(StandardCharsets.US_ASCII));
            return created;
        });
    }

    /** A credential with a fresh random password, not stored yet (rotation sets it on the broker first). */
    public ScramCredential fresh(String user) {
        return new ScramCredential(user, newPassword());
    }

    /**
     * Stores {@code credential}, replacing the user's password file. The new file is written 0600
     * beside the old one and moved over it, so a reader sees the old or the new password, never half.
     */
    public void replace(ScramCredential credential) {
        Path target = file(credential.user());
        Path next = dir.resolve(credential.user() + SUFFIX + ".next");
        try {
            Files.deleteIfExists(next);
            PemFiles.writeSecret(
                    next, (new String(credential.password().chars()) + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the password file " + target, e);
        }
    }

    /** 32 random bytes, base64url: 256 bits, and only characters that need no quoting. */
    private Passphrase newPassword() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Passphrase.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
