package io.liaison.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines.
 * The text is separated from the signatures by the last blank line.
 *
 * @param text       the signed text, including its final newline
 * @param signatures signature lines in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** Go's note package accepts at most 100 signatures; the spec asks verifiers to accept at least 16. */
    static final int MAX_SIGNATURES = 100;

    public SignedNote {
        requireText(text);
        signatures = List.copyOf(signatures);
        if (signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a note may carry at most " + MAX_SIGNATURES + " signatures");
        }
    }

    public SignedNote withSignature(NoteSignature signature) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(signature);
        return new SignedNote(text, all);
    }

    public byte[] textBytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The note as text: body, blank line, signature lines. */
    public String serialize() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    public static SignedNote parse(String note) {
        if (!note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note must end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("a signed note needs a blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : note.substring(split + 2).split("\n")) {
            signatures.add(NoteSignature.parseLine(line));
        }
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signature line");
        }
        return new SignedNote(text, signatures);
    }

    private static void requireText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must be non-empty and end with a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException(
                        "note text must not contain control character 0x" + Integer.toHexString(c));
            }
        }
    }
}
