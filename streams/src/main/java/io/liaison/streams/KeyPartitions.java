package io.liaison.streams;

/**
 * The partition Kafka's default producer partitioner gives a keyed record: murmur2 of the key
 * bytes, made positive, modulo the partition count. The backbone needs it to check that a record
 * sits where its message id sends it; Kafka exposes it only from an internals package, so it is
 * written out here and pinned to Kafka's own by {@code KeyPartitionsTest}.
 */
final class KeyPartitions {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private KeyPartitions() {}

    static int forKey(byte[] key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
        return (murmur2(key) & 0x7fffffff) % partitions;
    }

    /** Kafka's murmur2 (a 32-bit MurmurHash2 with a fixed seed). */
    static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int quads = length / 4;
        for (int i = 0; i < quads; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff)
                    + ((data[at + 1] & 0xff) << 8)
                    + ((data[at + 2] & 0xff) << 16)
                    + ((data[at + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = quads * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
