package io.liaison.kernel.trust;

import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys the backbone trusts and their revocations, safe to update while other threads verify:
 * the Streams app applies trust-topic updates here live, without a restart.
 *
 * <p>A revocation takes effect from its stated time: a check at or after {@code revokedAt}
 * fails. Keys of one owner may overlap in validity, which is how rotation works: during the
 * overlap both the old and the new key verify.
 *
 * <p>Revocations only ever tighten: adding a key again (a certificate re-published on the trust
 * topic) never lifts its revocation, and revoking again keeps the earliest time.
 *
 * <p>It also holds the certified encryption keys (docs/encryption.md): records are sealed to an
 * owner's newest encryption key valid and unrevoked at the time of sealing.
 */
public final class TrustStore {
    private record Revocation(Instant at, String reason) {}

    private final Map<String, TrustedKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Revocation> revocations = new ConcurrentHashMap<>();
    private final Map<String, EncryptionKey> encryptionKeys = new ConcurrentHashMap<>();

    public TrustStore add(TrustedKey key) {
        keys.put(key.keyId(), key);
        return this;
    }

    public TrustStore add(EncryptionKey key) {
        encryptionKeys.put(key.keyId(), key);
        return this;
    }

    public TrustStore revoke(String keyId, Instant revokedAt, String reason) {
        revocations.merge(
                keyId, new Revocation(revokedAt, reason), (old, neu) -> old.at().isBefore(neu.at()) ? old : neu);
        return this;
    }

    public KeyStatus status(String keyId, Instant at) {
        TrustedKey key = keys.get(keyId);
        if (key == null) {
            return new KeyStatus.Unknown(keyId);
        }
        Revocation revocation = revocations.get(keyId);
        if (revocation != null && !at.isBefore(revocation.at())) {
            return new KeyStatus.Revoked(key, revocation.at(), revocation.reason());
        }
        if (at.isBefore(key.notBefore()) || at.isAfter(key.notAfter())) {
            return new KeyStatus.OutsideValidity(key, at);
        }
        return new KeyStatus.Valid(key);
    }

    public Optional<TrustedKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    public boolean knowsOwner(String owner) {
        return keys.values().stream().anyMatch(k -> k.owner().equals(owner));
    }

    public Collection<TrustedKey> keys() {
        return List.copyOf(keys.values());
    }

    /** A revocation in force, named by key id alone. */
    public record RevokedKeyId(String keyId, Instant revokedAt, String reason) {}

    /**
     * The revocation of {@code keyId} in force at {@code at}, whether or not the key is trusted
     * here: a TLS client certificate is never a trusted signing key, yet the trust topic revokes it.
     */
    public Optional<RevokedKeyId> revocation(String keyId, Instant at) {
        Revocation revocation = revocations.get(keyId);
        if (revocation == null || at.isBefore(revocation.at())) {
            return Optional.empty();
        }
        return Optional.of(new RevokedKeyId(keyId, revocation.at(), revocation.reason()));
    }

    /**
     * The encryption key to seal to for {@code owner} in {@code role} at {@code at}: of its keys
     * valid and not revoked then, the one whose validity started last (during a rotation's overlap,
     * the new one).
     */
    public Optional<EncryptionKey> encryptionKey(String owner, EncryptionRole role, Instant at) {
        return encryptionKeys.values().stream()
                .filter(k -> k.owner().equals(owner) && k.role() == role && k.validAt(at))
                .filter(k -> {
                    Revocation r = revocations.get(k.keyId());
                    return r == null || at.isBefore(r.at());
                })
                .max(Comparator.comparing(EncryptionKey::notBefore).thenComparing(EncryptionKey::keyId));
    }

    public Collection<EncryptionKey> encryptionKeys() {
        return List.copyOf(encryptionKeys.values());
    }
}
