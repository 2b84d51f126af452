package io.liaison.producer;

import java.util.Objects;

/**
 * A signed envelope in wire format, ready to send. Sending the same instance again re-sends the same
 * bytes under the same message id, which the backbone's replay check delivers at most once: that is
 * what makes a retry after a timeout safe.
 *
 * @param messageId     the envelope's message id (the record key)
 * @param messageType   the payload type, e.g. {@code IncidentReport}
 * @param envelopeBytes the record value: the envelope in Confluent wire format, sealed to the backbone; not copied, do not modify
 * @param payloadDigest SHA-256 (hex) of the payload's wire bytes, as the receipt reports it
 */
public record SignedMessage(String messageId, String messageType, byte[] envelopeBytes, String payloadDigest) {
    public SignedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(envelopeBytes, "envelopeBytes");
        Objects.requireNonNull(payloadDigest, "payloadDigest");
    }
}
