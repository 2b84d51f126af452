package io.liaison.policy.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard recognisers for structured identifiers in free text. Each is a regular expression
 * for candidates plus a validator that rejects what the format forbids (SSN ranges, Luhn, IP octets,
 * calendar dates). Identifiers that look like many other things (driver licences, plates, dates of
 * birth) are recognised only after a keyword. Precision and recall on the labelled corpus are in
 * {@code docs/recognisers.md}.
 */
public final class Recognisers {
    private Recognisers() {}

    /** All recognisers of structured identifiers (names and addresses come from {@link KnownValues}). */
    public static List<Recogniser> standard() {
        return List.of(
                SSN,
                SSN_AFTER_KEYWORD,
                A_NUMBER,
                A_NUMBER_AFTER_KEYWORD,
                PHONE,
                PHONE_AFTER_KEYWORD,
                EMAIL,
                DATE_OF_BIRTH,
                DRIVER_LICENCE,
                LICENCE_PLATE,
                IPV4,
                IPV6,
                PAYMENT_CARD);
    }

    /** Between a keyword and its number: a few words such as "number is", "as", "no.:" but no digits. */
    private static final String KEYWORD_GAP = "[^\\d\\n]{0,24}?";

    // --- SSN: area 001-665, 667-899; group 01-99; serial 0001-9999 (SSA's never-issued ranges) ---

    static final Recogniser SSN = new PatternRecogniser(
            FindingType.SSN,
            Pattern.compile("(?<![\\w-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w-])"),
            0,
            m -> validSsn(m.group(1), m.group(3), m.group(4)),
            Candidates.startingWith(Recognisers::isAsciiDigit).notAfter(c -> isWordChar(c) || c == '-'));

    static final Recogniser SSN_AFTER_KEYWORD = new PatternRecogniser(
            FindingType.SSN,
            Pattern.compile(
                    "(?i)(?:\\bssn|\\bss#|social\\s+security)" + KEYWORD_GAP + "((\\d{3})(\\d{2})(\\d{4}))(?![\\w-])"),
            1,
            m -> validSsn(m.group(2), m.group(3), m.group(4)),
            Candidates.mentioning("ssn", "ss#", "social").andStartingWith(c -> c == 's' || c == 'S'));

    static boolean validSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }

    // --- Alien registration number: "A" and 8 or 9 digits, dashes or spaces allowed ---

    private static final String A_DIGITS = "(?:\\d[- ]?){7,8}\\d";

    static final Recogniser A_NUMBER = new PatternRecogniser(
            FindingType.A_NUMBER,
            Pattern.compile("(?<![\\w-])A[- #]?" + A_DIGITS + "(?![\\w-])"),
            0,
            m -> aNumberDigits(m.group()),
            Candidates.startingWith(c -> c == 'A').notAfter(c -> isWordChar(c) || c == '-'));

    static final Recogniser A_NUMBER_AFTER_KEYWORD = new PatternRecogniser(
            FindingType.A_NUMBER,
            Pattern.compile(
                    "(?i)(?:alien\\s+(?:registration\\s+)?(?:number|no\\.?|#)|\\ba-?number|\\ba-?file(?:\\s+number)?)"
                            + KEYWORD_GAP + "((?:(?-i:A)[- #]?)?" + A_DIGITS + ")(?![\\w-])"),
            1,
            m -> aNumberDigits(m.group(1)),
            Candidates.mentioning("alien", "number", "file").andStartingWith(c -> c == 'a' || c == 'A'));

    private static boolean aNumberDigits(String s) {
        long digits = s.chars().filter(Character::isDigit).count();
        return digits == 8 || digits == 9;
    }

    // --- US phone (NANP: area and exchange start 2-9) ---

    static final Recogniser PHONE = new PatternRecogniser(
            FindingType.PHONE,
            Pattern.compile(
                    "(?<![\\w+-])(?:\\+?1[-. ]?)?(?:\\([2-9]\\d{2}\\)\\s?|[2-9]\\d{2}[-. ])[2-9]\\d{2}[-. ]\\d{4}(?![\\w-])"),
            0,
            m -> true,
            Candidates.startingWith(c -> isAsciiDigit(c) || c == '+' || c == '(')
                    .notAfter(c -> isWordChar(c) || c == '+' || c == '-'));

    static final Recogniser PHONE_AFTER_KEYWORD = new PatternRecogniser(
            FindingType.PHONE,
            Pattern.compile(
                    "(?i)\\b(?:phone|tel|telephone|cell|mobile|call(?:ed)?|text(?:ed)?|contact|number)\\b[^\\d\\n]{0,15}"
                            + "((?:\\+?1)?[2-9]\\d{2}[2-9]\\d{6})(?![\\w-])"),
            1,
            m -> true,
            Candidates.mentioning("phone", "tel", "cell", "mobile", "call", "text", "contact", "number")
                    .andStartingWith(c -> "ptcmnPTCMN".indexOf(c) >= 0)
                    .notAfter(Recognisers::isWordChar));

    // --- Email ---

    static final Recogniser EMAIL = new PatternRecogniser(
            FindingType.EMAIL,
            Pattern.compile(
                    "(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])"),
            0,
            m -> true,
            Candidates.mentioning("@"));

    // --- Dates of birth: a calendar date shortly after a birth keyword ---

    static final Recogniser DATE_OF_BIRTH = new DateOfBirthRecogniser();

    // --- Driver licence: keyword, then a token with at least 5 digits ---

    static final Recogniser DRIVER_LICENCE = new KeywordTokenRecogniser(
            FindingType.DRIVER_LICENCE,
            Pattern.compile(
                    "(?i)(?:driver'?s?|driving|operator'?s?)\\s+licen[cs]es?|\\bD\\.?L\\.?(?=[\\s#:])|\\bD/L\\b"),
            Pattern.compile(
                    "(?<![A-Za-z0-9-])[A-Z]{0,2}-?\\d[\\d-]{3,16}\\d(?![A-Za-z0-9-])|(?<![A-Za-z0-9-])[A-Z]\\d{3}[- ]\\d{4}[- ]\\d{4}(?![A-Za-z0-9-])"),
            30,
            token -> token.chars().filter(Character::isDigit).count() >= 5,
            Candidates.mentioning("licen", "dl", "d.l", "d/l").andStartingWith(c -> "dDoO".indexOf(c) >= 0));

    // --- Licence plate: keyword, then an upper-case token of 4-8 letters/digits with a digit ---

    static final Recogniser LICENCE_PLATE = new KeywordTokenRecogniser(
            FindingType.LICENCE_PLATE,
            Pattern.compile(
                    "(?i)licen[cs]e\\s+plates?|\\bplates?\\b|\\bplate\\s+(?:number|no\\.?)|\\btags?\\b|\\bregistration\\b"),
            Pattern.compile(
                    "(?<![A-Za-z0-9-])[A-Z0-9]{1,4}[- ][A-Z0-9]{1,5}(?![A-Za-z0-9-])|(?<![A-Za-z0-9-])[A-Z0-9]{4,8}(?![A-Za-z0-9-])"),
            30,
            Recognisers::plausiblePlate,
            Candidates.mentioning("licen", "plate", "tag", "registration")
                    .andStartingWith(c -> "lLpPtTrR".indexOf(c) >= 0));

    private static boolean plausiblePlate(String token) {
        String alnum = token.replaceAll("[- ]", "");
        return alnum.length() >= 4
                && alnum.length() <= 8
                && alnum.chars().anyMatch(Character::isDigit)
                && alnum.chars().anyMatch(Character::isLetter);
    }

    // --- IP addresses ---

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    static final Recogniser IPV4 = new PatternRecogniser(
            FindingType.IP_ADDRESS,
            Pattern.compile("(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\d|\\.\\d)"),
            0,
            m -> true,
            Candidates.mentioning(".")
                    .andStartingWith(Recognisers::isAsciiDigit)
                    .notAfter(c -> isAsciiDigit(c) || c == '.'));

    static final Recogniser IPV6 = new PatternRecogniser(
            FindingType.IP_ADDRESS,
            Pattern.compile(
                    "(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f]{0,4})(?![\\w:])"),
            0,
            m -> validIpv6(m.group()),
            Candidates.when(Recognisers::hasNearbyColons));

    static boolean validIpv6(String s) {
        if (s.contains(":::") || s.indexOf("::") != s.lastIndexOf("::")) {
            return false;
        }
        boolean compressed = s.contains("::");
        int groups = 0;
        String[] halves = compressed ? s.split("::", -1) : new String[] {s};
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && part.contains(".")) {
                    if (!part.matches(OCTET + "(?:\\." + OCTET + "){3}")) {
                        return false;
                    }
                    groups += 2;
                } else if (part.matches("[0-9A-Fa-f]{1,4}")) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    // --- Payment card: 13-19 digits, optionally grouped, passing the Luhn check ---

    static final Recogniser PAYMENT_CARD = new PatternRecogniser(
            FindingType.PAYMENT_CARD,
            Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"),
            0,
            m -> luhn(m.group().replaceAll("[ -]", "")),
            Candidates.startingWith(Recognisers::isAsciiDigit).notAfter(c -> isAsciiDigit(c) || c == '-'));

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return digits.length() >= 13 && digits.length() <= 19 && sum % 10 == 0;
    }

    // --- implementations ---

    /**
     * Where a recogniser's expression can match at all, as necessary conditions checked before it
     * runs: words the text must mention (ASCII, any case) and, optionally, what the first character
     * of a match must be. A text that mentions none of the words is not scanned, and the expression
     * is tried only at positions whose character may start a match, instead of at every position:
     * scanning every position of ~1 KB of text with every expression was 25% of the backbone's thread
     * (BENCHMARKS.md). The findings are the same as the expression's own {@code find()} loop
     * ({@code RecogniserCandidatesTest} checks it).
     */
    record Candidates(Predicate<String> worthScanning, IntPredicate firstChar, IntPredicate notAfter) {
        static final Candidates EVERYWHERE = new Candidates(text -> true, null, null);

        static Candidates startingWith(IntPredicate firstChar) {
            return EVERYWHERE.andStartingWith(firstChar);
        }

        static Candidates mentioning(String... words) {
            return when(text -> {
                String lower = text.toLowerCase(Locale.ROOT);
                for (String word : words) {
                    if (lower.contains(word)) {
                        return true;
                    }
                }
                return false;
            });
        }

        static Candidates when(Predicate<String> worthScanning) {
            return new Candidates(worthScanning, null, null);
        }

        Candidates andStartingWith(IntPredicate first) {
            return new Candidates(worthScanning, first, notAfter);
        }

        /** The expression's own look-behind: the character before a match is none of these. */
        Candidates notAfter(IntPredicate previous) {
            return new Candidates(worthScanning, firstChar, previous);
        }

        /**
         * The matches of {@code pattern} in {@code text}, exactly as successive {@code find()} calls
         * report them, each passed to {@code onMatch}.
         */
        void matches(Pattern pattern, String text, java.util.function.Consumer<Matcher> onMatch) {
            if (!worthScanning.test(text)) {
                return;
            }
            Matcher m = pattern.matcher(text);
            if (firstChar == null) {
                while (m.find()) {
                    onMatch.accept(m);
                }
                return;
            }
            // Transparent bounds: look-behinds and \b see the text before the region, as find() does.
            m.useTransparentBounds(true).useAnchoringBounds(false);
            int length = text.length();
            int i = 0;
            while (i < length) {
                if (!firstChar.test(text.charAt(i))
                        || (notAfter != null && i > 0 && notAfter.test(text.charAt(i - 1)))) {
                    i++;
                    continue;
                }
                m.region(i, length);
                if (m.lookingAt()) {
                    onMatch.accept(m);
                    i = Math.max(m.end(), i + 1);
                } else {
                    i++;
                }
            }
        }
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** What {@code \\w} matches (ASCII: no UNICODE_CHARACTER_CLASS flag). */
    private static boolean isWordChar(int c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** An IPv6 address has two colons at most four hex digits apart. */
    private static boolean hasNearbyColons(String text) {
        int previous = -10;
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            if (i - previous <= 5) {
                return true;
            }
            previous = i;
        }
        return false;
    }

    /** Matches of a pattern that pass a validator; the finding is the whole match (group 0) or one group. */
    record PatternRecogniser(
            FindingType type, Pattern pattern, int group, Predicate<Matcher> valid, Candidates candidates)
            implements Recogniser {
        @Override
        public List<Finding> find(String text) {
            List<Finding> out = new ArrayList<>();
            candidates.matches(pattern, text, m -> {
                if (valid.test(m)) {
                    out.add(new Finding(type, m.start(group), m.end(group)));
                }
            });
            return out;
        }
    }

    /** A keyword, then within {@code window} characters the first token the predicate accepts. */
    record KeywordTokenRecogniser(
            FindingType type,
            Pattern keyword,
            Pattern token,
            int window,
            Predicate<String> plausible,
            Candidates candidates)
            implements Recogniser {
        /** Longer than any token either token expression can match (at most 21 characters). */
        private static final int MAX_TOKEN_LENGTH = 64;

        @Override
        public List<Finding> find(String text) {
            List<Finding> out = new ArrayList<>();
            candidates.matches(keyword, text, k -> {
                int windowEnd = Math.min(text.length(), k.end() + window);
                Matcher t = token.matcher(text);
                // A token starting inside the window ends well before this; no need to search the rest of the text.
                t.region(k.end(), Math.min(text.length(), windowEnd + MAX_TOKEN_LENGTH));
                t.useTransparentBounds(true);
                while (t.find() && t.start() < windowEnd) {
                    if (plausible.test(t.group())) {
                        out.add(new Finding(type, t.start(), t.end()));
                        break;
                    }
                }
            });
            return out;
        }
    }

    /** Calendar dates in common US and ISO formats, kept only when a birth keyword precedes them closely. */
    static final class DateOfBirthRecogniser implements Recogniser {
        private static final String MONTH =
                "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
                        + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
        private static final Pattern NUMERIC_US =
                Pattern.compile("(?<![\\d/-])(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4})(?![\\d/-])");
        private static final Pattern ISO = Pattern.compile("(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d-])");
        private static final Pattern MONTH_DAY_YEAR =
                Pattern.compile("(?i)\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
        private static final Pattern DAY_MONTH_YEAR =
                Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + ",?\\s+(\\d{4})\\b");
        private static final Pattern BIRTH_KEYWORD =
                Pattern.compile("(?i)\\b(?:born|birth|birthdate|birthday|d\\.o\\.b\\.?|dob)\\b");
        private static final int LOOK_BACK = 40;
        /** Every date found must follow a birth keyword, so a text without one has none. */
        static final Candidates MENTIONS_BIRTH = Candidates.mentioning("born", "birth", "dob", "d.o.b");

        private static final Candidates NUMERIC_US_START = Candidates.startingWith(Recognisers::isAsciiDigit)
                .notAfter(c -> isAsciiDigit(c) || c == '/' || c == '-');
        private static final Candidates ISO_START =
                Candidates.startingWith(Recognisers::isAsciiDigit).notAfter(c -> isAsciiDigit(c) || c == '-');
        private static final Candidates MONTH_DAY_YEAR_START =
                Candidates.startingWith(c -> "jJfFmMaAsSoOnNdD".indexOf(c) >= 0).notAfter(Recognisers::isWordChar);
        private static final Candidates DAY_MONTH_YEAR_START =
                Candidates.startingWith(Recognisers::isAsciiDigit).notAfter(Recognisers::isWordChar);

        @Override
        public FindingType type() {
            return FindingType.DOB;
        }

        @Override
        public List<Finding> find(String text) {
            return MENTIONS_BIRTH.worthScanning().test(text) ? findDates(text, true) : List.of();
        }

        /**
         * Dates after a birth keyword, without the check that the text mentions one; with
         * {@code filtered} false every expression is tried at every position (the reference for tests).
         */
        List<Finding> findDates(String text, boolean filtered) {
            List<Finding> dates = new ArrayList<>();
            collect(
                    NUMERIC_US,
                    filtered ? NUMERIC_US_START : Candidates.EVERYWHERE,
                    text,
                    m -> date(m.group(4), m.group(1), m.group(3)),
                    dates);
            collect(
                    ISO,
                    filtered ? ISO_START : Candidates.EVERYWHERE,
                    text,
                    m -> date(m.group(1), m.group(2), m.group(3)),
                    dates);
            collect(
                    MONTH_DAY_YEAR,
                    filtered ? MONTH_DAY_YEAR_START : Candidates.EVERYWHERE,
                    text,
                    m -> date(m.group(3), month(m.group(1)), m.group(2)),
                    dates);
            collect(
                    DAY_MONTH_YEAR,
                    filtered ? DAY_MONTH_YEAR_START : Candidates.EVERYWHERE,
                    text,
                    m -> date(m.group(3), month(m.group(2)), m.group(1)),
                    dates);
            dates.sort(Comparator.comparingInt(Finding::start));
            List<Finding> out = new ArrayList<>();
            int previousEnd = 0;
            for (Finding d : dates) {
                // Look back no further than the previous date: "born 1/2/1990, arrested 3/4/2024" keeps only the first.
                int from = Math.max(previousEnd, d.start() - LOOK_BACK);
                if (from < d.start()
                        && BIRTH_KEYWORD
                                .matcher(text.substring(from, d.start()))
                                .find()) {
                    out.add(d);
                }
                previousEnd = Math.max(previousEnd, d.end());
            }
            return out;
        }

        private static void collect(
                Pattern pattern, Candidates where, String text, Predicate<Matcher> valid, List<Finding> out) {
            where.matches(pattern, text, m -> {
                if (valid.test(m)) {
                    out.add(new Finding(FindingType.DOB, m.start(), m.end()));
                }
            });
        }

        private static boolean date(String year, String month, String day) {
            try {
                LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
                return true;
            } catch (DateTimeException | NumberFormatException e) {
                return false;
            }
        }

        private static String month(String name) {
            String prefix = name.substring(0, 3).toLowerCase(Locale.ROOT);
            int index = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
                    .indexOf(prefix);
            return String.valueOf(index + 1);
        }
    }
}
