package io.liaison.policy.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the recognisers and the message's known values over a text, keeps the longest of any
 * overlapping findings, and replaces each with {@code [REDACTED:TYPE]}.
 */
public final class TextRedactor {
    private final List<Recogniser> recognisers;

    public TextRedactor(List<Recogniser> recognisers) {
        this.recognisers = List.copyOf(recognisers);
    }

    public static TextRedactor standard() {
        return new TextRedactor(Recognisers.standard());
    }

    /** The redacted text and what was replaced. */
    public record Redacted(String text, List<Finding> findings) {
        public Redacted {
            findings = List.copyOf(findings);
        }
    }

    /** Non-overlapping findings in text order; of overlapping candidates the longest wins, then the earliest. */
    public List<Finding> scan(String text, KnownValues known) {
        List<Finding> candidates = new ArrayList<>(known.find(text));
        for (Recogniser r : recognisers) {
            candidates.addAll(r.find(text));
        }
        // Known values first on equal spans: a phone that is also a person's phone is reported once.
        candidates.sort(Comparator.comparingInt(Finding::length).reversed().thenComparingInt(Finding::start));
        List<Finding> kept = new ArrayList<>();
        for (Finding c : candidates) {
            if (kept.stream().noneMatch(c::overlaps)) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start));
        return kept;
    }

    public Redacted redact(String text, KnownValues known) {
        List<Finding> findings = scan(text, known);
        StringBuilder out = new StringBuilder(text);
        for (int i = findings.size() - 1; i >= 0; i--) {
            Finding f = findings.get(i);
            out.replace(f.start(), f.end(), f.type().placeholder());
        }
        return new Redacted(out.toString(), findings);
    }
}
