package io.liaison.policy.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the recognisers and the message's known values over a text, keeps the longest of any
 * overlapping findings, and replaces each with {@code [REDACTED:TYPE]}.
 */
public final class TextRedactor {
    /** Texts recognised recently on this thread: one message's free text is redacted once per recipient. */
    private static final int RECENT_TEXTS = 32;

    private final List<Recogniser> recognisers;
    // The recognisers' findings depend on the text alone (the known values differ per recipient), so
    // each text is scanned once and the findings reused for every recipient: the scan was 33% of the
    // backbone thread in the end-to-end profile (BENCHMARKS.md). Per thread, so no locking.
    private final ThreadLocal<Map<String, List<Finding>>> recent =
            ThreadLocal.withInitial(() -> new LinkedHashMap<>(RECENT_TEXTS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Finding>> eldest) {
                    return size() > RECENT_TEXTS;
                }
            });

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
        candidates.addAll(recent.get().computeIfAbsent(text, this::recognise));
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

    private List<Finding> recognise(String text) {
        List<Finding> found = new ArrayList<>();
        for (Recogniser r : recognisers) {
            found.addAll(r.find(text));
        }
        return List.copyOf(found);
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
