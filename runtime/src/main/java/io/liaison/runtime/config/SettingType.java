package io.liaison.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a setting's text becomes a value, and a value (a default) becomes text again.
 *
 * @param name        the type as the configuration docs name it
 * @param validValues what the text must be, as a noun phrase: a bad value "is not" this
 * @param parser      text to value; throws {@link IllegalArgumentException} or {@link DateTimeException}
 * @param formatter   value to text, as an operator would write it
 */
public record SettingType<T>(
        String name, String validValues, Function<String, T> parser, Function<T, String> formatter) {
    public static final SettingType<String> STRING =
            new SettingType<>("string", "any text", text -> text, text -> text);
    public static final SettingType<Integer> INT =
            new SettingType<>("int", "a whole number", Integer::valueOf, String::valueOf);
    public static final SettingType<Path> PATH =
            new SettingType<>("path", "a file system path", Path::of, Path::toString);
    public static final SettingType<Duration> DURATION =
            new SettingType<>("duration", "an ISO-8601 duration", Duration::parse, SettingType::iso);
    public static final SettingType<Optional<Duration>> DURATION_OR_OFF = new SettingType<>(
            "duration",
            "an ISO-8601 duration or off",
            text -> "off".equalsIgnoreCase(text) ? Optional.empty() : Optional.of(Duration.parse(text)),
            value -> value.map(SettingType::iso).orElse("off"));

    public static final SettingType<ListenAddress> LISTEN_ADDRESS = new SettingType<>(
            "host:port", "host:port with a port from 0 to 65535", ListenAddress::parse, ListenAddress::toString);

    public static final SettingType<List<URI>> URLS = new SettingType<>(
            "list",
            "comma-separated http or https URLs",
            text -> Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(SettingType::httpUrl)
                    .toList(),
            urls -> urls.stream().map(URI::toString).collect(Collectors.joining(",")));

    /** One of an enum's constants, case-insensitive. */
    public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
        String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        int last = names.lastIndexOf(", ");
        String phrase = last < 0 ? names : names.substring(0, last) + " or " + names.substring(last + 2);
        return new SettingType<>("enum", phrase, text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT)), Enum::name);
    }

    /** The value of {@code text}; {@link IllegalArgumentException} saying what it is not when it does not parse. */
    public T parse(String text) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("is not " + validValues, e);
        }
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    private static URI httpUrl(String text) {
        URI uri = URI.create(text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + text);
        }
        return uri;
    }

    /** Whole days as days (P7D, not Duration's PT168H): the way retention and windows are written. */
    private static String iso(Duration duration) {
        boolean wholeDays = !duration.isZero() && duration.getNano() == 0 && duration.getSeconds() % 86_400 == 0;
        return wholeDays ? "P" + duration.toDays() + "D" : duration.toString();
    }
}
