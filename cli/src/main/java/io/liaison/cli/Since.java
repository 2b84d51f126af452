package io.liaison.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A {@code --since} value: a duration back from now (30m, 2h, 7d, PT2H), a date (UTC) or an instant. */
public final class Since {
    private Since() {}

    /** @param option the option's name, for the error message */
    public static Instant parse(String option, String value, Clock clock) {
        try {
            if (value.matches("\\d+[smhd]")) {
                long n = Long.parseLong(value.substring(0, value.length() - 1));
                Duration d = switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return clock.instant().minus(d);
            }
            if (value.startsWith("P") || value.startsWith("p")) {
                return clock.instant().minus(Duration.parse(value));
            }
            return value.contains("T")
                    ? Instant.parse(value)
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliErrors.UserError(
                    option + " '" + value
                            + "' is neither a duration (30m, 2h, 7d, PT2H), a date (2025-03-01) nor an instant (2025-03-01T08:00:00Z)");
        }
    }
}
