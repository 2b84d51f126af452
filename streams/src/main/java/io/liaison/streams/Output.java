package io.liaison.streams;

/**
 * One record the backbone writes for an ingress message.
 *
 * @param topic destination topic
 * @param key   record key (the message id; null for audit records, whose order is the log order)
 * @param value record value, already in Confluent wire format
 */
public record Output(String topic, String key, byte[] value) {}
