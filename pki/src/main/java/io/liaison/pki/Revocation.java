package io.liaison.pki;

import io.liaison.kernel.trust.TrustStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One revoked key: from {@code revokedAt} on, nothing signed with it verifies. {@code revokedAt}
 * may lie in the past (a compromise discovered late) or the future (a scheduled retirement); it is
 * truncated to whole seconds because that is what a CRL entry records.
 */
public record Revocation(String keyId, Instant revokedAt, RevocationReason reason) {
    public Revocation {
        Objects.requireNonNull(keyId, "keyId");
        revokedAt = revokedAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(reason, "reason");
    }

    public void applyTo(TrustStore store) {
        store.revoke(keyId, revokedAt, reason.label());
    }
}
