package io.liaison.policy.text;

import java.util.List;

/** Finds one kind of identifier in free text. Implementations are stateless and thread-safe. */
public interface Recogniser {
    FindingType type();

    /** Every occurrence, possibly overlapping; {@link TextRedactor} resolves overlaps. */
    List<Finding> find(String text);
}
