package io.liaison.cli.quarantine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A quarantine record's id: its position on the {@code quarantine} topic, {@code q-<partition>-<offset>}.
 * The position, not the message id: an input that is not an envelope has no message id, and one
 * message id may be quarantined more than once (a retry becomes a REPLAY).
 */
record QuarantineId(int partition, long offset) {
    private static final Pattern FORMAT = Pattern.compile("q-(\\d{1,9})-(\\d{1,18})");

    @Override
    public String toString() {
        return "q-" + partition + "-" + offset;
    }

    /** Parses an id on the command line; a malformed one is a usage error (exit 2), like any bad option value. */
    static final class Converter implements CommandLine.ITypeConverter<QuarantineId> {
        @Override
        public QuarantineId convert(String value) {
            Matcher m = FORMAT.matcher(value);
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException(
                        "'" + value
                                + "' is not a quarantine id: expected q-<partition>-<offset> as `liaison quarantine list` prints it");
            }
            return new QuarantineId(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
        }
    }
}
