package io.liaison.policy.text;

/** A span {@code [start, end)} of a text recognised as {@code type}. */
public record Finding(FindingType type, int start, int end) {
    public Finding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
