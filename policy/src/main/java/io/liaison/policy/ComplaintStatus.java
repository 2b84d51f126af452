package io.liaison.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a public complaint stands. Its {@link #key()} is what the status topic, the audit log's
 * {@code COMPLAINT_STATUS_CHANGED} records ({@code reasonCode}) and the public page carry; the report
 * counts complaints by it.
 */
public enum ComplaintStatus {
    RECEIVED("received", "received: it is in the log and waits for oversight"),
    UNDER_REVIEW("under-review", "under review by the oversight board"),
    REFERRED("referred", "referred to the agency concerned for an answer, which oversight follows up"),
    CLOSED("closed", "closed by the oversight board");

    private final String key;
    private final String description;

    ComplaintStatus(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** What the public page says. */
    public String description() {
        return description;
    }

    public static Optional<ComplaintStatus> of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ComplaintStatus::key).toList();
    }
}
