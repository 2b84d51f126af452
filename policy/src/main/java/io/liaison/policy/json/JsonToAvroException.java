package io.liaison.policy.json;

import java.util.List;

/** JSON that does not fit the schema; each error names the field path, e.g. {@code involvedPersons[1].dateOfBirth: ...}. */
public final class JsonToAvroException extends Exception {
    private final List<String> errors;

    public JsonToAvroException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
