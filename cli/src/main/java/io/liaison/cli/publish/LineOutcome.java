package io.liaison.cli.publish;

import io.liaison.producer.Receipt;

/** What became of one input line (or the one --file document, reported as line 1). */
sealed interface LineOutcome {
    int line();

    record Accepted(int line, Receipt receipt) implements LineOutcome {}

    /** @param reason every problem found, e.g. {@code severity: expected one of [...], got "EXTREME"} */
    record Rejected(int line, String reason) implements LineOutcome {}
}
