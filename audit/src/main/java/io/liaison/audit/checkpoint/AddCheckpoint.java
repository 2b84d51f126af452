package io.liaison.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request: {@code old <size>}, the
 * consistency proof from that size to the checkpoint's, one base64 hash a line, an empty line,
 * then the signed checkpoint note. Both ends use it: the checkpointer writes it, the witness
 * parses it. Also parses the 200 response, one cosignature line each.
 *
 * @param oldSize the size of the checkpoint the client believes the witness cosigned last (0: none)
 * @param proof   PROOF(oldSize, checkpoint size), each node 32 bytes; empty when oldSize is 0
 * @param note    the signed checkpoint note
 */
public record AddCheckpoint(long oldSize, List<byte[]> proof, String note) {
    /** The spec's limit: a proof between two trees of at most 2^63 leaves needs no more. */
    public static final int MAX_PROOF_LINES = 63;

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    public AddCheckpoint {
        if (oldSize < 0) {
            throw new IllegalArgumentException("old size must be at least 0, was " + oldSize);
        }
        if (proof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException(
                    "a consistency proof has at most " + MAX_PROOF_LINES + " lines, this one " + proof.size());
        }
        proof = proof.stream()
                .map(node -> {
                    if (node.length != 32) {
                        throw new IllegalArgumentException(
                                "a consistency proof line must be a 32-byte hash, was " + node.length + " bytes");
                    }
                    return node.clone();
                })
                .toList();
    }

    @Override
    public List<byte[]> proof() {
        return proof.stream().map(byte[]::clone).toList();
    }

    /** The request body as sent. */
    public String body() {
        StringBuilder out = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(
                node -> out.append(Base64.getEncoder().encodeToString(node)).append('\n'));
        return out.append('\n').append(note).toString();
    }

    /** @throws IllegalArgumentException naming what is malformed */
    public static AddCheckpoint parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int lineEnd = text.indexOf('\n');
        if (lineEnd < 0 || !text.startsWith("old ")) {
            throw new IllegalArgumentException("the request must start with the line 'old <size>'");
        }
        String size = text.substring(4, lineEnd);
        if (!DECIMAL.matcher(size).matches()) {
            throw new IllegalArgumentException("the old size must be decimal without leading zeros: '" + size + "'");
        }
        List<byte[]> proof = new ArrayList<>();
        int at = lineEnd + 1;
        while (true) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                throw new IllegalArgumentException("the proof lines must end with an empty line before the checkpoint");
            }
            if (end == at) {
                at = end + 1;
                break;
            }
            if (proof.size() == MAX_PROOF_LINES) {
                throw new IllegalArgumentException("a consistency proof has at most " + MAX_PROOF_LINES + " lines");
            }
            try {
                proof.add(Base64.getDecoder().decode(text.substring(at, end)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("proof line " + (proof.size() + 1) + " is not base64", e);
            }
            at = end + 1;
        }
        return new AddCheckpoint(Long.parseLong(size), proof, text.substring(at));
    }

    /** The cosignature lines of a 200 response, to add to the note. */
    public static List<NoteSignature> parseCosignatures(String response) {
        if (response.isEmpty() || !response.endsWith("\n")) {
            throw new IllegalArgumentException("a cosignature response is one or more lines, each ending in a newline");
        }
        return response.lines().map(NoteSignature::parseLine).toList();
    }

    /** The cosignature lines of a 200 response, as the witness writes them. */
    public static String cosignatureLines(List<NoteSignature> cosignatures) {
        StringBuilder out = new StringBuilder();
        cosignatures.forEach(c -> out.append(c.line()));
        return out.toString();
    }
}
