package io.liaison.cli.audit;

import io.liaison.cli.CliErrors;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** {@code --from} / {@code --to} on event time: an ISO instant, or a date meaning its start (UTC). */
final class TimeWindow {
    @Option(
            names = "--from",
            paramLabel = "TIME",
            description = "Inclusive start: 2025-03-01 or 2025-03-01T08:00:00Z (UTC).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "Exclusive end: 2025-03-02 or 2025-03-01T18:00:00Z (UTC).")
    String to;

    Instant fromInstant() {
        return parse("--from", from);
    }

    Instant toInstant() {
        Instant end = parse("--to", to);
        Instant start = fromInstant();
        if (start != null && end != null && !end.isAfter(start)) {
            throw new CliErrors.UserError("--to " + to + " must be after --from " + from);
        }
        return end;
    }

    private static Instant parse(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.contains("T")
                    ? Instant.parse(value)
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliErrors.UserError(
                    option + " '" + value + "' is neither a date (2025-03-01) nor an instant (2025-03-01T08:00:00Z)");
        }
    }
}
