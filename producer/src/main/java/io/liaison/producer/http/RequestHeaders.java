package io.liaison.producer.http;

import io.liaison.kernel.trust.AgencyIds;
import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.envelope.Classification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The publish request's headers: the message's handling marks and the Idempotency-Key. Pure: the
 * caller passes a header lookup, and gets the marks or every offending header.
 */
final class RequestHeaders {
    static final String CLASSIFICATION = "X-Liaison-Classification";
    static final String CAVEATS = "X-Liaison-Caveats";
    static final String RELEASABLE_TO = "X-Liaison-Releasable-To";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Without the header a message is marked at the most restrictive level: forgetting it can only over-protect. */
    static final Classification DEFAULT_CLASSIFICATION = Classification.LAW_ENFORCEMENT_SENSITIVE;

    private static final Pattern CAVEAT = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    /** Either {@code headers} (and the key, if given) or a non-empty list of errors. */
    record Parsed(MessageHeaders headers, Optional<String> idempotencyKey, List<ApiError.Field> errors) {}

    private RequestHeaders() {}

    static Parsed parse(UnaryOperator<String> header) {
        List<ApiError.Field> errors = new ArrayList<>();
        Classification classification = DEFAULT_CLASSIFICATION;
        String level = header.apply(CLASSIFICATION);
        if (level != null) {
            try {
                classification = Classification.valueOf(level.strip());
            } catch (IllegalArgumentException e) {
                errors.add(new ApiError.Field(
                        "header",
                        CLASSIFICATION,
                        "not_in_enum",
                        "expected one of " + Arrays.toString(Classification.values()) + ", got \"" + level + "\""));
            }
        }
        List<String> caveats = list(header.apply(CAVEATS));
        for (String caveat : caveats) {
            if (!CAVEAT.matcher(caveat).matches()) {
                errors.add(new ApiError.Field(
                        "header",
                        CAVEATS,
                        "invalid_value",
                        "caveat \"" + caveat + "\" must match " + CAVEAT.pattern()));
            }
        }
        List<String> releasableTo = list(header.apply(RELEASABLE_TO));
        for (String agency : releasableTo) {
            try {
                AgencyIds.require(agency);
            } catch (IllegalArgumentException e) {
                errors.add(new ApiError.Field("header", RELEASABLE_TO, "invalid_value", e.getMessage()));
            }
        }
        String key = header.apply(IDEMPOTENCY_KEY);
        if (key != null && !KEY.matcher(key).matches()) {
            errors.add(new ApiError.Field(
                    "header",
                    IDEMPOTENCY_KEY,
                    "invalid_value",
                    "must be 1 to 255 visible ASCII characters (a UUID is a good choice)"));
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, Optional.empty(), errors);
        }
        return new Parsed(
                new MessageHeaders(classification, caveats, releasableTo), Optional.ofNullable(key), List.of());
    }

    /** A comma-separated header as its non-empty, trimmed items. */
    private static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
