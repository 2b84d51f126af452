package io.liaison.kernel.seal;

import java.util.Objects;

/**
 * Where a sealed record belongs and whom it is for. It travels in clear (routing and audit need
 * it, and it names no personal data) and is bound into both encryption layers: the HPKE
 * {@code info} of the wrapped data key and the AAD of the content, so a ciphertext moved to another
 * topic, message, recipient or key id no longer decrypts.
 *
 * @param topic          the topic the record is written to ({@code inbox.ice}, {@code ingress.cpd}, {@code quarantine})
 * @param messageId      the message id (the record key), or the quarantine record's key
 * @param sender         the sending agency
 * @param messageType    the payload type, or empty when unknown (an undecodable quarantined input)
 * @param recipient      the owner of the key it is sealed to: an agency, {@code backbone} or {@code quarantine-officer}
 * @param recipientKeyId key id of the recipient's encryption certificate (which private key opens it)
 */
public record SealContext(
        String topic, String messageId, String sender, String messageType, String recipient, String recipientKeyId) {
    public SealContext {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(recipientKeyId, "recipientKeyId");
    }

    /** {@code str(topic) ‖ str(messageId) ‖ str(sender) ‖ str(messageType) ‖ str(recipient) ‖ str(recipientKeyId)}. */
    byte[] bytes() {
        return new SealBytes.Writer()
                .str(topic)
                .str(messageId)
                .str(sender)
                .str(messageType)
                .str(recipient)
                .str(recipientKeyId)
                .toByteArray();
    }

    static SealContext read(SealBytes.Reader in) {
        return new SealContext(in.str(), in.str(), in.str(), in.str(), in.str(), in.str());
    }

    void write(SealBytes.Writer out) {
        out.raw(bytes());
    }
}
