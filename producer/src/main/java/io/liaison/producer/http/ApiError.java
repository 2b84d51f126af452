package io.liaison.producer.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.liaison.producer.json.FieldError;
import java.util.List;

/**
 * The body of every 4xx and 5xx answer: what went wrong, and for 400/404 each offending field.
 *
 * @param error      one sentence
 * @param fields     each offending field: where ({@code body}, {@code header}, {@code path}), its path, the kind and why
 * @param retryable  true for 503: the same request may succeed later
 * @param retryAdvice for 503, whether and how a retry is safe
 * @param reason     for 503, the cause as a code: {@code not_ready}, {@code registry_unavailable},
 *                   {@code broker_unavailable} (this message was not acknowledged in time) or
 *                   {@code cluster_unavailable} (the cluster has been unreachable for the delivery
 *                   timeout; nothing was sent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, List<Field> fields, Boolean retryable, String retryAdvice, String reason) {
    /**
     * @param in      {@code body}, {@code header} or {@code path}
     * @param path    the field path in the body ({@code involvedPersons[0].dateOfBirth}), or the header or path parameter name
     * @param kind    the class of mistake, e.g. {@code wrong_type}, {@code missing_required}, {@code unknown_field}, {@code not_in_enum}
     * @param problem why, in one sentence
     */
    record Field(String in, String path, String kind, String problem) {
        static Field body(FieldError error) {
            return new Field("body", error.path(), error.kind().code(), error.problem());
        }
    }

    static ApiError of(String error) {
        return new ApiError(error, null, null, null, null);
    }

    static ApiError of(String error, List<Field> fields) {
        return new ApiError(error, List.copyOf(fields), null, null, null);
    }

    static ApiError unavailable(String reason, String error, String retryAdvice) {
        return new ApiError(error, null, true, retryAdvice, reason);
    }
}
