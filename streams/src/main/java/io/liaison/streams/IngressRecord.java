package io.liaison.streams;

/**
 * An ingress record as it came off the topic, untouched.
 *
 * @param topic     source topic ({@code ingress.<agency>})
 * @param partition source partition
 * @param offset    source offset
 * @param key       raw key bytes (may be null)
 * @param value     raw value bytes (may be null)
 */
public record IngressRecord(String topic, int partition, long offset, byte[] key, byte[] value) {}
