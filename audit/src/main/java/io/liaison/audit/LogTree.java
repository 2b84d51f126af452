package io.liaison.audit;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.MerkleTree;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only RFC 6962 Merkle tree that answers for every size it has had: roots, inclusion
 * proofs (RFC 9162 section 2.1.3) and consistency proofs (section 2.1.4). Hashing is
 * {@link MerkleTree}'s; this class adds the incremental bookkeeping.
 *
 * <p>Why it keeps every level: each complete, aligned subtree hash is stored once as it completes
 * (about 2n hashes in all, 64 bytes per leaf), so the hash of any subtree the RFC recursion asks
 * for is a lookup or a fold of at most log2(n) lookups. Roots of past sizes and proofs therefore
 * cost O(log n) instead of rehashing the log.
 *
 * <p>Not thread-safe.
 */
public final class LogTree {
    /** {@code levels.get(h).get(i)} is the hash of leaves [i * 2^h, (i + 1) * 2^h). */
    private final List<List<byte[]>> levels = new ArrayList<>();

    /** Appends a leaf (the exact record bytes) and returns its index. */
    public long append(byte[] leafData) {
        return appendLeafHash(MerkleTree.leafHash(leafData));
    }

    public long appendLeafHash(byte[] leafHash) {
        long index = size();
        byte[] node = leafHash;
        for (int height = 0; ; height++) {
            if (levels.size() == height) {
                levels.add(new ArrayList<>());
            }
            List<byte[]> level = levels.get(height);
            level.add(node);
            if (level.size() % 2 == 1) {
                return index;
            }
            node = MerkleTree.nodeHash(level.get(level.size() - 2), node);
        }
    }

    public long size() {
        return levels.isEmpty() ? 0 : levels.get(0).size();
    }

    public byte[] leafHash(long index) {
        requireRange("leaf index", index, 0, size() - 1);
        return levels.get(0).get((int) index).clone();
    }

    public byte[] root() {
        return root(size());
    }

    /** The root the tree had when it held {@code treeSize} leaves; SHA-256("") for the empty tree. */
    public byte[] root(long treeSize) {
        requireRange("tree size", treeSize, 0, size());
        return treeSize == 0 ? Digests.sha256(new byte[0]) : hash(0, treeSize);
    }

    /** PATH(index, D[treeSize]): the audit path of one leaf in the tree of the given size, bottom-up. */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        requireRange("tree size", treeSize, 1, size());
        requireRange("leaf index", index, 0, treeSize - 1);
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, treeSize, proof);
        return proof;
    }

    /**
     * PROOF(oldSize, D[newSize]): the nodes that show the tree of {@code oldSize} leaves is a prefix
     * of the tree of {@code newSize} leaves. Empty when the sizes are equal or the old tree is empty.
     */
    public List<byte[]> consistencyProof(long oldSize, long newSize) {
        requireRange("new tree size", newSize, 0, size());
        requireRange("old tree size", oldSize, 0, newSize);
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0) {
            subproof(oldSize, 0, newSize, true, proof);
        }
        return proof;
    }

    /**
     * Verifies a consistency proof (RFC 9162 section 2.1.4.2). A tree is consistent with itself
     * (equal sizes, equal roots, empty proof), and every tree is consistent with the empty tree.
     */
    public static boolean verifyConsistency(
            long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        if (oldSize < 0 || newSize < oldSize) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return proof.isEmpty();
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(oldSize) == 1) {
            path.add(0, oldRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleTree.nodeHash(c, fr);
                sr = MerkleTree.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    /**
     * MTH(D[start:end]). Every call made by the RFC recursion has {@code start} aligned to the
     * smallest power of two at least {@code end - start}, so a power-of-two range is a stored node.
     */
    private byte[] hash(long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1) {
            int height = Long.numberOfTrailingZeros(n);
            return levels.get(height).get((int) (start >> height));
        }
        long k = largestPowerOfTwoBelow(n);
        return MerkleTree.nodeHash(hash(start, start + k), hash(start + k, end));
    }

    private void path(long index, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (index < start + k) {
            path(index, start, start + k, out);
            out.add(hash(start + k, end));
        } else {
            path(index, start + k, end, out);
            out.add(hash(start, start + k));
        }
    }

    /** SUBPROOF(m, D[start:end], whole) of RFC 9162 section 2.1.4.1, with m counted from start. */
    private void subproof(long m, long start, long end, boolean whole, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(hash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, out);
            out.add(hash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(hash(start, start + k));
        }
    }

    private static long largestPowerOfTwoBelow(long n) {
        long k = Long.highestOneBit(n);
        return k == n ? k >> 1 : k;
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside [" + min + ", " + max + "]");
        }
    }
}
