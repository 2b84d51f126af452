package io.liaison.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which parsed values a setting accepts.
 *
 * @param validValues the accepted values as a noun phrase: the docs' "valid values", and a refused value "is not" this
 * @param accepts     the test
 */
public record Validator<T>(String validValues, Predicate<T> accepts) {
    /** Every value of the type. */
    public static <T> Validator<T> any(SettingType<T> type) {
        return new Validator<>(type.validValues(), value -> true);
    }

    public static Validator<Integer> between(int min, int max) {
        return new Validator<>("a whole number from " + min + " to " + max, v -> v >= min && v <= max);
    }

    public static Validator<Duration> positive() {
        return new Validator<>("a positive ISO-8601 duration", Validator::isPositive);
    }

    public static Validator<Optional<Duration>> positiveOrOff() {
        return new Validator<>(
                "off or a positive ISO-8601 duration",
                v -> v.map(Validator::isPositive).orElse(true));
    }

    public static Validator<String> oneOf(String... values) {
        List<String> all = List.of(values);
        String last = all.get(all.size() - 1);
        String phrase = all.size() == 1 ? last : String.join(", ", all.subList(0, all.size() - 1)) + " or " + last;
        return new Validator<>(phrase, all::contains);
    }

    /** A path naming a regular file this process can read (checked when the setting is looked up). */
    public static Validator<Path> readableFile() {
        return new Validator<>("a readable file", path -> Files.isRegularFile(path) && Files.isReadable(path));
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
