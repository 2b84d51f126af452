package io.liaison.complaints;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Receipt numbers: {@code C-} and four groups of five Crockford base32 digits, 100 random bits. The
 * receipt is all a resident needs to look a complaint up, so it must not be guessable; it names
 * nothing about the resident.
 */
public final class Receipts {
    private static final char[] DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("C-[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}");

    private Receipts() {}

    public static String next(SecureRandom random) {
        StringBuilder out = new StringBuilder("C");
        for (int i = 0; i < 20; i++) {
            if (i % 5 == 0) {
                out.append('-');
            }
            out.append(DIGITS[random.nextInt(DIGITS.length)]);
        }
        return out.toString();
    }

    public static boolean valid(String receipt) {
        return receipt != null && FORMAT.matcher(receipt).matches();
    }
}
