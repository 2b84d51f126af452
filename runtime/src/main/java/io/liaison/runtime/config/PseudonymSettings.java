package io.liaison.runtime.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the backbone's pseudonym master secret is and how often the per-recipient keys derived from
 * it rotate. The secret lives apart from the PKI directory, which gateways and other services mount.
 *
 * @param secretFile at least 32 random bytes, the same for every backbone instance
 * @param period     how long one recipient's pseudonym key lasts
 */
public record PseudonymSettings(Path secretFile, Duration period) {
    public PseudonymSettings {
        Objects.requireNonNull(secretFile, "secretFile");
        Objects.requireNonNull(period, "period");
    }
}
