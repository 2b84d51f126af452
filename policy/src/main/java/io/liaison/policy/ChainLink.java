package io.liaison.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One position in the policy chain: {@code version} is the {@code sequence}-th policy, and it
 * succeeds {@code predecessor}. Approvals sign the whole link, so an approval of a version is
 * valid only in that place: re-appending it later, or after another version, does not move the
 * chain back.
 *
 * @param sequence    0 for the genesis, then +1 per approved version
 * @param predecessor the version this one replaces; empty for the genesis
 * @param version     {@code sha256:<hex>} of the policy source
 */
public record ChainLink(long sequence, String predecessor, String version) {
    private static final Pattern VERSION = Pattern.compile("sha256:[0-9a-f]{64}");

    public ChainLink {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be 0 or more, was " + sequence);
        }
        requireVersion("version", version);
        Objects.requireNonNull(predecessor, "predecessor");
        if (sequence == 0
                ? !predecessor.isEmpty()
                : !VERSION.matcher(predecessor).matches()) {
            throw new IllegalArgumentException(
                    sequence == 0
                            ? "the genesis (sequence 0) has no predecessor, was '" + predecessor + "'"
                            : "predecessor must be sha256:<64 hex digits>, was '" + predecessor + "'");
        }
    }

    /** The first link: the policy a backbone is pinned to. */
    public static ChainLink genesis(String version) {
        return new ChainLink(0, "", version);
    }

    /** The link of {@code version} as the successor of this one. */
    public ChainLink next(String version) {
        return new ChainLink(sequence + 1, this.version, version);
    }

    public boolean isGenesis() {
        return sequence == 0;
    }

    private static void requireVersion(String field, String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(field + " must be sha256:<64 hex digits>, was '" + version + "'");
        }
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + version + (isGenesis() ? " (genesis)" : " after " + predecessor);
    }
}
