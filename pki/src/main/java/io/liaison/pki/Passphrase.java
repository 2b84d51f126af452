package io.liaison.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A passphrase for a private key or keystore. Never printed: {@link #toString()} is {@code [hidden]}. */
public final class Passphrase {
    private final char[] chars;

    private Passphrase(char[] chars) {
        if (chars.length == 0) {
            throw new IllegalArgumentException("passphrase must not be empty");
        }
        this.chars = chars.clone();
    }

    public static Passphrase of(char[] chars) {
        return new Passphrase(chars);
    }

    public static Passphrase of(String value) {
        return new Passphrase(value.toCharArray());
    }

    /** The first line of {@code file}, without its line terminator (as secrets are usually mounted). */
    public static Passphrase readFrom(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String firstLine = content.lines().findFirst().orElse("");
            if (firstLine.isEmpty()) {
                throw new PkiException("passphrase file " + file + " is empty");
            }
            return of(firstLine);
        } catch (IOException e) {
            throw new PkiException("cannot read passphrase file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A copy of the characters; callers may wipe it after use. */
    public char[] chars() {
        return chars.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Passphrase p && Arrays.equals(chars, p.chars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chars);
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
