package io.liaison.producer.json;

import java.util.Locale;
import java.util.Objects;

/**
 * One way a JSON document does not fit an Avro schema.
 *
 * @param path    where: a leaf path as {@code LeafWalker} writes it ({@code involvedPersons[1].dateOfBirth}),
 *                {@code (document)} for the whole document
 * @param kind    which class of mistake, for clients that react per class
 * @param problem why, in one sentence naming what was expected and what was found
 */
public record FieldError(String path, Kind kind, String problem) {
    /** The path of the document as a whole. */
    public static final String DOCUMENT = "(document)";

    public enum Kind {
        /** The text is not one well-formed JSON value (or repeats a key). */
        INVALID_JSON,
        /** A value of the wrong JSON type, including null where the schema allows none. */
        WRONG_TYPE,
        /** A field without a default is absent. */
        MISSING_REQUIRED,
        /** A field the schema does not have. */
        UNKNOWN_FIELD,
        /** A string that is not one of the enum's symbols. */
        NOT_IN_ENUM,
        /** The right JSON type but an unusable value: a malformed date, a number out of range, bad base64. */
        INVALID_VALUE;

        /** The kind as it appears in JSON error bodies, e.g. {@code missing_required}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return path + ": " + problem;
    }
}
