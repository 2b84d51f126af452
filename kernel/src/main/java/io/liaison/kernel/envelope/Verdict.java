package io.liaison.kernel.envelope;

/** The outcome of a check: accepted, or rejected with a reason code and one human sentence. */
public sealed interface Verdict {
    Verdict ACCEPTED = new Accepted();

    record Accepted() implements Verdict {}

    record Rejected(RejectionReason reason, String detail) implements Verdict {
        public String sentence() {
            return reason.description() + ": " + detail;
        }
    }

    static Rejected reject(RejectionReason reason, String detail) {
        return new Rejected(reason, detail);
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
