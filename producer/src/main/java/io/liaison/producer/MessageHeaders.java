package io.liaison.producer;

import io.liaison.schemas.envelope.Classification;
import java.util.List;
import java.util.Objects;

/**
 * What the publishing agency says about a message besides its payload.
 *
 * @param classification handling level
 * @param caveats        handling caveats such as {@code PII} or {@code ORCON}
 * @param releasability  agencies the sender allows; empty leaves it to the policy alone
 */
public record MessageHeaders(Classification classification, List<String> caveats, List<String> releasability) {
    public MessageHeaders {
        Objects.requireNonNull(classification, "classification");
        caveats = List.copyOf(caveats);
        releasability = List.copyOf(releasability);
    }

    public static MessageHeaders of(Classification classification, String... caveats) {
        return new MessageHeaders(classification, List.of(caveats), List.of());
    }
}
