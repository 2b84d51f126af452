package io.liaison.policy;

import java.util.List;

/** A policy file that cannot be used; {@link #errors()} lists every problem found, each as {@code file:line: key: message}. */
public final class PolicyException extends Exception {
    private final List<String> errors;

    public PolicyException(List<String> errors) {
        super(errors.size() == 1 ? errors.get(0) : errors.size() + " errors:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
