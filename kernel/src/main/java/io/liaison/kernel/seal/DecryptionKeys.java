package io.liaison.kernel.seal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One owner's private keys: the current one and those rotated out but still needed for records
 * sealed to them (every record names its key id). The keys are fixed; the session keys derived
 * with them ({@link SessionSealer}) are remembered, the most recently used {@value #CACHED_SESSIONS},
 * so a stream of records from one session costs one X25519 agreement. A remembered session key opens
 * no more than the private key it came from. Thread-safe.
 */
public final class DecryptionKeys {
    /** Sessions last a minute each; this covers many senders' current sessions and a replay's recent ones. */
    static final int CACHED_SESSIONS = 1024;

    private final String owner;
    private final Map<String, DecryptionKey> byId = new LinkedHashMap<>();
    private final Map<SessionId, byte[]> sessionKeys = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SessionId, byte[]> eldest) {
            return size() > CACHED_SESSIONS;
        }
    }; // guarded by itself

    /** A session as its records name it: the private key's id and the session's encapsulation (compared by content). */
    private record SessionId(String keyId, ByteBuffer encapsulation) {}

    private DecryptionKeys(String owner, List<DecryptionKey> keys) {
        this.owner = owner;
        for (DecryptionKey key : keys) {
            if (!key.owner().equals(owner)) {
                throw new IllegalArgumentException(
                        "key " + key.keyId() + " belongs to " + key.owner() + ", not " + owner);
            }
            byId.put(key.keyId(), key);
        }
    }

    /** The keys of {@code owner}, current first. */
    public static DecryptionKeys of(String owner, List<DecryptionKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no decryption key for " + owner);
        }
        return new DecryptionKeys(owner, keys);
    }

    public String owner() {
        return owner;
    }

    public Optional<DecryptionKey> byId(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /**
     * The session key of {@code encapsulation} under {@code key}, derived once and then remembered.
     * A failed derivation (an encapsulation that is not a valid X25519 share) is not remembered.
     */
    byte[] sessionKey(DecryptionKey key, byte[] encapsulation) {
        SessionId id = new SessionId(key.keyId(), ByteBuffer.wrap(encapsulation.clone()));
        synchronized (sessionKeys) {
            byte[] known = sessionKeys.get(id);
            if (known != null) {
                return known;
            }
        }
        // Derived outside the lock: a sender that opens a new session per record must not queue every
        // reading thread behind one agreement. Two threads meeting a new session at once may both
        // derive it; they derive the same key.
        byte[] derived = Seal.receiverSessionKey(key, encapsulation);
        synchronized (sessionKeys) {
            sessionKeys.put(id, derived);
        }
        return derived;
    }

    /** Key ids, current first. */
    public List<String> keyIds() {
        return List.copyOf(byId.keySet());
    }

    @Override
    public String toString() {
        return "DecryptionKeys[owner=" + owner + ", keyIds=" + byId.keySet() + "]";
    }
}
