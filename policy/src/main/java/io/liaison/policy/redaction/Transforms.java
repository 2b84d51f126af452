package io.liaison.policy.redaction;

import io.liaison.policy.Action;
import io.liaison.policy.MaskStyle;
import io.liaison.schemas.Sensitivity;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** The value-level actions and which field types each applies to. Values are raw Avro (no logical-type conversion). */
final class Transforms {
    private static final long HOUR_MILLIS = 3_600_000L;
    /** What a fully masked string becomes, whatever its length. */
    static final String FULL_MASK = "********";

    private static final Pattern HOUSE_NUMBER = Pattern.compile("^\\s*(\\d+)(?:-\\d+)?[A-Za-z]?\\s+(.+)$");
    private static final Pattern UNIT =
            Pattern.compile("(?i)\\s*(?:\\b(?:apt|apartment|unit|suite|ste|fl|floor|rm|room)\\b\\.?|#)\\s*\\S*\\s*$");

    private Transforms() {}

    /** Can {@code action} be applied to a field of {@code type} (never null) carrying {@code tags}? */
    static boolean applies(Action action, Schema type, Set<String> tags) {
        Schema.Type t = type.getType();
        return switch (action) {
            case KEEP, DROP -> true;
            case GENERALIZE ->
                isDate(type)
                        || isTimestamp(type)
                        || t == Schema.Type.FLOAT
                        || t == Schema.Type.DOUBLE
                        || (t == Schema.Type.STRING && tags.contains(Sensitivity.ADDRESS.name()));
            case PSEUDONYMIZE, REDACT_TEXT -> t == Schema.Type.STRING;
            case MASK ->
                t == Schema.Type.STRING
                        || t == Schema.Type.INT
                        || t == Schema.Type.LONG
                        || t == Schema.Type.FLOAT
                        || t == Schema.Type.DOUBLE;
        };
    }

    /** The requested action, or the next stricter one that applies to the type. */
    static Action applicable(Action requested, Schema type, Set<String> tags) {
        Action[] order = Action.values();
        for (int i = requested.ordinal(); ; i++) {
            if (applies(order[i], type, tags)) {
                return order[i];
            }
        }
    }

    /** What a withheld non-nullable field carries instead of its value. */
    static Object placeholder(Schema type) {
        return switch (type.getType()) {
            case STRING -> "";
            case INT -> 0;
            case LONG -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            case BOOLEAN -> false;
            case ENUM -> new GenericData.EnumSymbol(type, type.getEnumSymbols().get(0));
            case BYTES -> ByteBuffer.allocate(0);
            case FIXED -> new GenericData.Fixed(type, new byte[type.getFixedSize()]);
            case NULL -> null;
            default -> throw new IllegalArgumentException("not a leaf type: " + type);
        };
    }

    static Object generalize(Schema type, Object value) {
        if (isDate(type)) {
            return (int) LocalDate.ofEpochDay(((Number) value).longValue())
                    .withDayOfYear(1)
                    .toEpochDay();
        }
        if (isTimestamp(type)) {
            long unit = type.getLogicalType().getName().endsWith("micros") ? HOUR_MILLIS * 1000 : HOUR_MILLIS;
            return Math.floorDiv((Long) value, unit) * unit;
        }
        return switch (type.getType()) {
            case DOUBLE -> Math.round((Double) value * 100) / 100.0;
            case FLOAT -> (float) (Math.round((Float) value * 100) / 100.0);
            case STRING -> block(value.toString());
            default -> throw new IllegalArgumentException("GENERALIZE does not apply to " + type);
        };
    }

    /** "1234 W Madison St Apt 5, Chicago, IL 60607" becomes "1200 block of W Madison St, Chicago, IL". */
    static String block(String address) {
        String[] parts = address.split(",");
        StringBuilder out = new StringBuilder();
        Matcher m = HOUSE_NUMBER.matcher(parts[0]);
        if (m.matches()) {
            long number = Long.parseLong(m.group(1));
            out.append(number / 100 * 100)
                    .append(" block of ")
                    .append(UNIT.matcher(m.group(2)).replaceAll("").strip());
        } else {
            out.append(withoutDigits(UNIT.matcher(parts[0]).replaceAll("")));
        }
        for (int i = 1; i < parts.length; i++) {
            String rest = withoutDigits(UNIT.matcher(parts[i]).replaceAll(""));
            if (!rest.isEmpty()) {
                out.append(", ").append(rest);
            }
        }
        return out.toString();
    }

    /** Drops tokens with digits: zip codes and unit numbers are finer than a block. */
    private static String withoutDigits(String s) {
        List<String> kept = new ArrayList<>();
        for (String token : s.strip().split("\\s+")) {
            if (!token.isEmpty() && token.chars().noneMatch(Character::isDigit)) {
                kept.add(token);
            }
        }
        return String.join(" ", kept);
    }

    static Object mask(Schema type, Object value, MaskStyle style) {
        return switch (type.getType()) {
            case STRING -> maskString(value.toString(), style);
            case INT -> 0;
            case LONG -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            default -> throw new IllegalArgumentException("MASK does not apply to " + type);
        };
    }

    /**
     * {@link MaskStyle#FULL}: always {@value #FULL_MASK}, whatever the value, so neither a letter nor
     * the length shows. {@link MaskStyle#LAST4_DIGITS}: an identifier (at least 7 digits, digits at
     * least half the letters and digits) keeps its separators and last four digits, "(312) 555-0142"
     * becomes "(***) ***-0142", every letter starred; anything else is masked FULL.
     */
    static String maskString(String s, MaskStyle style) {
        long digits = s.codePoints().filter(Character::isDigit).count();
        long alnum = s.codePoints().filter(Character::isLetterOrDigit).count();
        if (style == MaskStyle.FULL || digits < 7 || digits * 2 < alnum) {
            return FULL_MASK;
        }
        int[] cps = s.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        int digitsToKeep = 4;
        for (int i = cps.length - 1; i >= 0; i--) {
            int c = cps[i];
            if (Character.isDigit(c) && digitsToKeep > 0) {
                digitsToKeep--;
                out.appendCodePoint(c);
            } else {
                out.appendCodePoint(Character.isLetterOrDigit(c) ? '*' : c);
            }
        }
        return out.reverse().toString();
    }

    static boolean isDate(Schema type) {
        LogicalType lt = type.getLogicalType();
        return type.getType() == Schema.Type.INT && lt != null && lt.getName().equals("date");
    }

    static boolean isTimestamp(Schema type) {
        LogicalType lt = type.getLogicalType();
        return type.getType() == Schema.Type.LONG && lt != null && lt.getName().contains("timestamp");
    }
}
