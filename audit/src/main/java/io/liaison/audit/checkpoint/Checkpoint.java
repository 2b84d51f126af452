package io.liaison.audit.checkpoint;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint body: origin line, tree size in decimal, base64 root hash, then optional
 * extension lines, each ending in a newline.
 *
 * @param origin     unique identity of the log, e.g. {@code liaison.example/audit}
 * @param size       number of leaves
 * @param rootHash   32-byte RFC 6962 root over those leaves
 * @param extensions further lines the log chose to add (Liaison adds none, but parses them)
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint size must be at least 0, was " + size);
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("checkpoint root hash must be 32 bytes, was " + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        extensions.forEach(e -> {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("checkpoint extension lines must be non-empty single lines");
            }
        });
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    public String body() {
        StringBuilder out = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash))
                .append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    public static Checkpoint parse(String body) {
        if (!body.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint body must end with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException(
                    "checkpoint body needs origin, size and root hash lines, has " + lines.length);
        }
        if (!DECIMAL.matcher(lines[1]).matches()) {
            throw new IllegalArgumentException(
                    "checkpoint size must be decimal without leading zeros: '" + lines[1] + "'");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint root hash is not base64: '" + lines[2] + "'", e);
        }
        if (!Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new IllegalArgumentException(
                    "checkpoint root hash is not canonical padded base64: '" + lines[2] + "'");
        }
        return new Checkpoint(
                lines[0], Long.parseLong(lines[1]), root, Arrays.asList(lines).subList(3, lines.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c
                && c.origin.equals(origin)
                && c.size == size
                && Arrays.equals(c.rootHash, rootHash)
                && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + " size=" + size + " root=" + rootHex() + "]";
    }
}
