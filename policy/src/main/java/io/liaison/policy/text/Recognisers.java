package io.liaison.policy.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
        return List.of(SSN, SSN_AFTER_KEYWORD, A_NUMBER, A_NUMBER_AFTER_KEYWORD, PHONE, PHONE_AFTER_KEYWORD, EMAIL,
                DATE_OF_BIRTH, DRIVER_LICENCE, LICENCE_PLATE, IPV4, IPV6, PAYMENT_CARD);
    }

    /** Between a keyword and its number: a few words such as "number is", "as", "no.:" but no digits. */
    private static final String KEYWORD_GAP = "[^\\d\\n]{0,24}?";

    // --- SSN: area 001-665, 667-899; group 01-99; serial 0001-9999 (SSA's never-issued ranges) ---

    static final Recogniser SSN = new PatternRecogniser(FindingType.SSN,
            Pattern.compile("(?<![\\w-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\w-])"), 0,
            m -> validSsn(m.group(1), m.group(3), m.group(4)));

    static final Recogniser SSN_AFTER_KEYWORD = new PatternRecogniser(FindingType.SSN,
            Pattern.compile("(?i)(?:\\bssn|\\bss#|social\\s+security)" + KEYWORD_GAP
                    + "((\\d{3})(\\d{2})(\\d{4}))(?![\\w-])"), 1,
            m -> validSsn(m.group(2), m.group(3), m.group(4)));

    static boolean validSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }

    // --- Alien registration number: "A" and 8 or 9 digits, dashes or spaces allowed ---

    private static final String A_DIGITS = "(?:\\d[- ]?){7,8}\\d";

    static final Recogniser A_NUMBER = new PatternRecogniser(FindingType.A_NUMBER,
            Pattern.compile("(?<![\\w-])A[- #]?" + A_DIGITS + "(?![\\w-])"), 0,
            m -> aNumberDigits(m.group()));

    static final Recogniser A_NUMBER_AFTER_KEYWORD = new PatternRecogniser(FindingType.A_NUMBER,
            Pattern.compile("(?i)(?:alien\\s+(?:registration\\s+)?(?:number|no\\.?|#)|\\ba-?number|\\ba-?file(?:\\s+number)?)"
                    + KEYWORD_GAP + "((?:(?-i:A)[- #]?)?" + A_DIGITS + ")(?![\\w-])"), 1,
            m -> aNumberDigits(m.group(1)));

    private static boolean aNumberDigits(String s) {
        long digits = s.chars().filter(Character::isDigit).count();
        return digits == 8 || digits == 9;
    }

    // --- US phone (NANP: area and exchange start 2-9) ---

    static final Recogniser PHONE = new PatternRecogniser(FindingType.PHONE,
            Pattern.compile("(?<![\\w+-])(?:\\+?1[-. ]?)?(?:\\([2-9]\\d{2}\\)\\s?|[2-9]\\d{2}[-. ])[2-9]\\d{2}[-. ]\\d{4}(?![\\w-])"),
            0, m -> true);

    static final Recogniser PHONE_AFTER_KEYWORD = new PatternRecogniser(FindingType.PHONE,
            Pattern.compile("(?i)\\b(?:phone|tel|telephone|cell|mobile|call(?:ed)?|text(?:ed)?|contact|number)\\b[^\\d\\n]{0,15}"
                    + "((?:\\+?1)?[2-9]\\d{2}[2-9]\\d{6})(?![\\w-])"), 1, m -> true);

    // --- Email ---

    static final Recogniser EMAIL = new PatternRecogniser(FindingType.EMAIL,
            Pattern.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])"),
            0, m -> true);

    // --- Dates of birth: a calendar date shortly after a birth keyword ---

    static final Recogniser DATE_OF_BIRTH = new DateOfBirthRecogniser();

    // --- Driver licence: keyword, then a token with at least 5 digits ---

    static final Recogniser DRIVER_LICENCE = new KeywordTokenRecogniser(FindingType.DRIVER_LICENCE,
            Pattern.compile("(?i)(?:driver'?s?|driving|operator'?s?)\\s+licen[cs]es?|\\bD\\.?L\\.?(?=[\\s#:])|\\bD/L\\b"),
            Pattern.compile("(?<![A-Za-z0-9-])[A-Z]{0,2}-?\\d[\\d-]{3,16}\\d(?![A-Za-z0-9-])|(?<![A-Za-z0-9-])[A-Z]\\d{3}[- ]\\d{4}[- ]\\d{4}(?![A-Za-z0-9-])"),
            30, token -> token.chars().filter(Character::isDigit).count() >= 5);

    // --- Licence plate: keyword, then an upper-case token of 4-8 letters/digits with a digit ---

    static final Recogniser LICENCE_PLATE = new KeywordTokenRecogniser(FindingType.LICENCE_PLATE,
            Pattern.compile("(?i)licen[cs]e\\s+plates?|\\bplates?\\b|\\bplate\\s+(?:number|no\\.?)|\\btags?\\b|\\bregistration\\b"),
            Pattern.compile("(?<![A-Za-z0-9-])[A-Z0-9]{1,4}[- ][A-Z0-9]{1,5}(?![A-Za-z0-9-])|(?<![A-Za-z0-9-])[A-Z0-9]{4,8}(?![A-Za-z0-9-])"),
            30, Recognisers::plausiblePlate);

    private static boolean plausiblePlate(String token) {
        String alnum = token.replaceAll("[- ]", "");
        return alnum.length() >= 4 && alnum.length() <= 8 && alnum.chars().anyMatch(Character::isDigit)
                && alnum.chars().anyMatch(Character::isLetter);
    }

    // --- IP addresses ---

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    static final Recogniser IPV4 = new PatternRecogniser(FindingType.IP_ADDRESS,
            Pattern.compile("(?<![\\d.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\d|\\.\\d)"), 0, m -> true);

    static final Recogniser IPV6 = new PatternRecogniser(FindingType.IP_ADDRESS,
            Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f]{0,4})(?![\\w:])"),
            0, m -> validIpv6(m.group()));

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

    static final Recogniser PAYMENT_CARD = new PatternRecogniser(FindingType.PAYMENT_CARD,
            Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"), 0,
            m -> luhn(m.group().replaceAll("[ -]", "")));

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

    /** Matches of a pattern that pass a validator; the finding is the whole match (group 0) or one group. */
    private record PatternRecogniser(FindingType type, Pattern pattern, int group, Predicate<Matcher> valid)
            implements Recogniser {
        @Override
        public List<Finding> find(String text) {
            List<Finding> out = new ArrayList<>();
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (valid.test(m)) {
                    out.add(new Finding(type, m.start(group), m.end(group)));
                }
            }
            return out;
        }
    }

    /** A keyword, then within {@code window} characters the first token the predicate accepts. */
    private record KeywordTokenRecogniser(FindingType type, Pattern keyword, Pattern token, int window,
                                          Predicate<String> plausible) implements Recogniser {
        @Override
        public List<Finding> find(String text) {
            List<Finding> out = new ArrayList<>();
            Matcher k = keyword.matcher(text);
            while (k.find()) {
                int windowEnd = Math.min(text.length(), k.end() + window);
                Matcher t = token.matcher(text);
                t.region(k.end(), text.length());
                t.useTransparentBounds(true);
                while (t.find() && t.start() < windowEnd) {
                    if (plausible.test(t.group())) {
                        out.add(new Finding(type, t.start(), t.end()));
                        break;
                    }
                }
            }
            return out;
        }
    }

    /** Calendar dates in common US and ISO formats, kept only when a birth keyword precedes them closely. */
    private static final class DateOfBirthRecogniser implements Recogniser {
        private static final String MONTH = "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
                + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
        private static final Pattern NUMERIC_US = Pattern.compile("(?<![\\d/-])(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4})(?![\\d/-])");
        private static final Pattern ISO = Pattern.compile("(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d-])");
        private static final Pattern MONTH_DAY_YEAR = Pattern.compile("(?i)\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
        private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + ",?\\s+(\\d{4})\\b");
        private static final Pattern BIRTH_KEYWORD = Pattern.compile("(?i)\\b(?:born|birth|birthdate|birthday|d\\.o\\.b\\.?|dob)\\b");
        private static final int LOOK_BACK = 40;

        @Override
        public FindingType type() {
            return FindingType.DOB;
        }

        @Override
        public List<Finding> find(String text) {
            List<Finding> dates = new ArrayList<>();
            collect(NUMERIC_US.matcher(text), m -> date(m.group(4), m.group(1), m.group(3)), dates);
            collect(ISO.matcher(text), m -> date(m.group(1), m.group(2), m.group(3)), dates);
            collect(MONTH_DAY_YEAR.matcher(text), m -> date(m.group(3), month(m.group(1)), m.group(2)), dates);
            collect(DAY_MONTH_YEAR.matcher(text), m -> date(m.group(3), month(m.group(2)), m.group(1)), dates);
            dates.sort(Comparator.comparingInt(Finding::start));
            List<Finding> out = new ArrayList<>();
            int previousEnd = 0;
            for (Finding d : dates) {
                // Look back no further than the previous date: "born 1/2/1990, arrested 3/4/2024" keeps only the first.
                int from = Math.max(previousEnd, d.start() - LOOK_BACK);
                if (from < d.start() && BIRTH_KEYWORD.matcher(text.substring(from, d.start())).find()) {
                    out.add(d);
                }
                previousEnd = Math.max(previousEnd, d.end());
            }
            return out;
        }

        private static void collect(Matcher m, Predicate<Matcher> valid, List<Finding> out) {
            while (m.find()) {
                if (valid.test(m)) {
                    out.add(new Finding(FindingType.DOB, m.start(), m.end()));
                }
            }
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
            int index = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").indexOf(prefix);
            return String.valueOf(index + 1);
        }
    }
}
