package io.liaison.producer.json;

import java.util.List;

/** JSON that does not fit the schema; every mismatch found, each naming its field path and why. */
public final class JsonToAvroException extends Exception {
    private final List<FieldError> errors;

    public JsonToAvroException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(FieldError::toString).toList()));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a JsonToAvroException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The mismatches in document order (fields of a record before its unknown fields). */
    public List<FieldError> errors() {
        return errors;
    }
}
