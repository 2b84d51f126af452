package io.liaison.kernel.seal;

import io.liaison.kernel.envelope.RejectionReason;

/** What came of opening a sealed record: its content, or a named refusal (never the ciphertext as if it were content). */
public sealed interface Opening {
    record Opened(SealContext context, byte[] plaintext) implements Opening {}

    record Refused(RejectionReason reason, String detail) implements Opening {
        public String sentence() {
            return reason.description() + ": " + detail;
        }
    }
}
