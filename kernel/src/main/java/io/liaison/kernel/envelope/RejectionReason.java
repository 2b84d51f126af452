package io.liaison.kernel.envelope;

/**
 * Why a message was refused. The code is what lands in {@code quarantine.reasonCode} and in the
 * audit log; metrics count by it. Codes are stable: add, never rename.
 */
public enum RejectionReason {
    MALFORMED_ENVELOPE("the bytes are not a Liaison envelope in Confluent wire format"),
    MALFORMED_PAYLOAD("the payload does not decode with its registered schema"),
    UNKNOWN_MESSAGE_TYPE("the message type is not one of the contracts"),
    TYPE_MISMATCH("the payload schema does not match the declared message type"),
    UNKNOWN_AGENCY("no certificate is trusted for the sending agency"),
    UNKNOWN_KEY("the key id does not name a trusted certificate"),
    KEY_REVOKED("the signing key was revoked before the message was checked"),
    CERTIFICATE_EXPIRED("the signing certificate is expired or not yet valid"),
    SENDER_KEY_MISMATCH("the signing certificate belongs to another agency than the declared sender"),
    SENDER_TOPIC_MISMATCH("the declared sender does not own the ingress topic the message arrived on"),
    SIGNATURE_INVALID("the sender's signature does not verify over the canonical input"),
    COMMITMENT_MISMATCH("a payload field does not match the value the sender committed to"),
    ATTESTATION_INVALID("the backbone attestation is missing, unsigned or does not cover a changed field"),
    MISROUTED("the record's key is not its message id, or it sits on another partition than its id selects"),
    REPLAY("the message id was already seen within the replay window"),
    CLOCK_SKEW("created-at is outside the allowed clock skew"),
    NOT_AUTHORIZED_TYPE("the policy does not allow this agency to issue this message type"),
    TOO_LARGE("the message exceeds the maximum size"),
    SCHEMA_NOT_APPROVED("the payload's writer schema is not an approved version of the contract for its message type"),
    NOT_LOG_APPEND_TIME(
            "the record's timestamp was chosen by its producer, not stamped by the broker on append, so no key can be judged at it"),
    ATTESTATION_BACKDATED("the copy was attested longer before the broker appended it than the allowed lag"),

    NOT_SEALED("the record is not sealed (encrypted) to its reader's key"),
    SEAL_MISDIRECTED("the sealed record names another topic, message or recipient than where and by whom it is read"),
    DECRYPTION_KEY_UNAVAILABLE(
            "the reader holds no private key the record is sealed to, or its data key was destroyed"),
    SEAL_BROKEN(
            "the sealed record does not decrypt under its stated context: altered, or its key moved from another record"),

    ROLE_NOT_HELD("the message declares a command role the sending agency does not hold under the policy"),
    DIRECTIVE_NOT_AUTHORIZED(
            "the policy does not let the issuing role give this kind of directive to these addressees");

    private final String description;

    RejectionReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
