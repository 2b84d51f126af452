package io.liaison.producer;

/**
 * Proof that the broker acknowledged a message (acks=all): only ever returned after that.
 *
 * @param messageId     the envelope's message id (also the record key)
 * @param topic         the ingress topic written
 * @param partition     partition written
 * @param offset        offset written
 * @param payloadDigest SHA-256 (hex) of the payload's wire bytes
 */
public record Receipt(String messageId, String topic, int partition, long offset, String payloadDigest) {}
