package io.liaison.policy.text;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values from the same message's structured fields that must not survive in its free text: names,
 * addresses, phones and dates of birth of the people it names, and any value the recipient copy
 * withholds elsewhere. Found case-insensitively, whitespace-tolerant; street suffixes and
 * directions match their abbreviations ("W Madison St" finds "West Madison Street").
 */
public final class KnownValues {
    /** Values shorter than this are not searched: "Li" or "Ng" would hit ordinary words. */
    static final int MIN_LENGTH = 3;

    private static final Map<String, String> STREET_WORDS = streetWords();
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US),
            DateTimeFormatter.ofPattern("M/d/yyyy", Locale.US),
            DateTimeFormatter.ofPattern("MM-dd-yyyy", Locale.US),
            DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US),
            DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US),
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.US));

    private final Map<FindingType, Set<String>> values = new LinkedHashMap<>();
    private final Map<FindingType, Set<String>> anywhere = new LinkedHashMap<>();
    // The withheld values lower-cased once, not once per text searched.
    private final Set<String> withheldLowerCase = new LinkedHashSet<>();

    public static KnownValues none() {
        return new KnownValues();
    }

    /** An independent copy: what is added to it later is not added here, nor the reverse. */
    public KnownValues copy() {
        KnownValues copy = new KnownValues();
        values.forEach((type, set) -> copy.values.put(type, new LinkedHashSet<>(set)));
        anywhere.forEach((type, set) -> copy.anywhere.put(type, new LinkedHashSet<>(set)));
        copy.withheldLowerCase.addAll(withheldLowerCase);
        return copy;
    }

    public KnownValues name(String name) {
        add(FindingType.NAME, name);
        // Surnames and given names on their own: "Lopez" in "Lopez fled". Capitalised tokens only.
        for (String token : name.trim().split("[\\s,]+")) {
            if (token.length() >= MIN_LENGTH && Character.isUpperCase(token.codePointAt(0))) {
                add(FindingType.NAME, token);
            }
        }
        return this;
    }

    public KnownValues address(String address) {
        add(FindingType.ADDRESS, address);
        int comma = address.indexOf(',');
        if (comma > 0) {
            add(FindingType.ADDRESS, address.substring(0, comma));
        }
        return this;
    }

    public KnownValues phone(String phone) {
        add(FindingType.PHONE, phone);
        return this;
    }

    public KnownValues dateOfBirth(LocalDate dob) {
        DATE_FORMATS.forEach(f -> add(FindingType.DOB, f.format(dob)));
        return this;
    }

    /**
     * A value the recipient copy withholds in another field, reported as {@code type}. Found even
     * inside a longer word, because delivering it in any form would undo the withholding.
     */
    public KnownValues withheld(FindingType type, String value) {
        if (value != null && value.strip().length() >= MIN_LENGTH) {
            anywhere.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(value.strip());
            withheldLowerCase.add(value.strip().toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /** True if {@code text} contains a withheld value (see {@link #withheld}). */
    public boolean containsWithheld(String text) {
        if (withheldLowerCase.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String v : withheldLowerCase) {
            if (lower.contains(v)) {
                return true;
            }
        }
        return false;
    }

    List<Finding> find(String text) {
        List<Finding> out = new ArrayList<>();
        values.forEach((type, set) -> set.forEach(value -> {
            Matcher m = pattern(type, value).matcher(text);
            while (m.find()) {
                out.add(new Finding(type, m.start(), m.end()));
            }
        }));
        anywhere.forEach((type, set) -> set.forEach(value -> {
            Matcher m = PATTERNS.computeIfAbsent(
                            "anywhere\u0000" + value,
                            key -> Pattern.compile(
                                    Pattern.quote(value), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                    .matcher(text);
            while (m.find()) {
                out.add(new Finding(type, m.start(), m.end()));
            }
        }));
        return out;
    }

    private void add(FindingType type, String value) {
        if (value != null && value.strip().length() >= MIN_LENGTH) {
            values.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(value.strip());
        }
    }

    /** Compiled value patterns, shared: a person named in many messages is compiled once, not per message and recipient. */
    private static final Map<String, Pattern> PATTERNS =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
                    return size() > 4096;
                }
            });

    private static Pattern pattern(FindingType type, String value) {
        return PATTERNS.computeIfAbsent(type + "\u0000" + value, key -> compile(type, value));
    }

    private static Pattern compile(FindingType type, String value) {
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])");
        String[] words = value.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                regex.append("\\s+");
            }
            String word = words[i];
            String bare = word.replaceAll("[.,]$", "").toLowerCase(Locale.ROOT);
            String alternative = type == FindingType.ADDRESS ? STREET_WORDS.get(bare) : null;
            if (alternative != null) {
                regex.append("(?:")
                        .append(Pattern.quote(bare))
                        .append('|')
                        .append(Pattern.quote(alternative))
                        .append(')');
                // "W. Madison": an abbreviation's period inside the value; at its end it may be the sentence's full
                // stop.
                if (i < words.length - 1) {
                    regex.append("\\.?");
                }
                if (word.endsWith(",")) {
                    regex.append(",");
                }
            } else {
                regex.append(Pattern.quote(word));
            }
        }
        // Names are proper nouns: a capitalised token must stay capitalised ("Mark" but not "mark").
        boolean caseSensitive = type == FindingType.NAME && words.length == 1;
        regex.append("(?![\\p{L}\\p{N}])");
        return Pattern.compile(regex.toString(), caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static Map<String, String> streetWords() {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] pairs = {
            {"st", "street"},
            {"ave", "avenue"},
            {"blvd", "boulevard"},
            {"rd", "road"},
            {"dr", "drive"},
            {"pl", "place"},
            {"ct", "court"},
            {"ln", "lane"},
            {"pkwy", "parkway"},
            {"hwy", "highway"},
            {"n", "north"},
            {"s", "south"},
            {"e", "east"},
            {"w", "west"},
            {"apt", "apartment"}
        };
        for (String[] p : pairs) {
            m.put(p[0], p[1]);
            m.put(p[1], p[0]);
        }
        return m;
    }
}
