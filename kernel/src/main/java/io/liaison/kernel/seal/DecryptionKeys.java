package io.liaison.kernel.seal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One owner's private keys: the current one and those rotated out but still needed for records
 * sealed to them (every record names its key id). Immutable.
 */
public final class DecryptionKeys {
    private final String owner;
    private final Map<String, DecryptionKey> byId = new LinkedHashMap<>();

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

    /** Key ids, current first. */
    public List<String> keyIds() {
        return List.copyOf(byId.keySet());
    }

    @Override
    public String toString() {
        return "DecryptionKeys[owner=" + owner + ", keyIds=" + byId.keySet() + "]";
    }
}
