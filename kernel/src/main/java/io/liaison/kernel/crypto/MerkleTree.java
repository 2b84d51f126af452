package io.liaison.kernel.crypto;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right),
 * with the tree split at the largest power of two smaller than its size. Used for batch signatures
 * (one signature over many messages) and for the audit log.
 */
public final class MerkleTree {
    private MerkleTree() {}

    public static byte[] leafHash(byte[] data) {
        MessageDigest d = Digests.sha256();
        d.update((byte) 0x00);
        return d.digest(data);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = Digests.sha256();
        d.update((byte) 0x01);
        d.update(left);
        return d.digest(right);
    }

    /** Root over leaf hashes (already hashed with {@link #leafHash}); the empty tree's root is SHA-256(""). */
    public static byte[] root(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return Digests.sha256(new byte[0]);
        }
        return subtreeRoot(leafHashes, 0, leafHashes.size());
    }

    private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
    }

    /** The audit path (RFC 6962 section 2.1.1) of leaf {@code index}, bottom-up. */
    public static List<byte[]> inclusionPath(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf index " + index + " outside tree of size " + leafHashes.size());
        }
        List<byte[]> path = new ArrayList<>();
        inclusionPath(leafHashes, index, 0, leafHashes.size(), path);
        return path;
    }

    private static void inclusionPath(List<byte[]> leaves, int index, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (index - from < k) {
            inclusionPath(leaves, index, from, from + k, out);
            out.add(subtreeRoot(leaves, from + k, to));
        } else {
            inclusionPath(leaves, index, from + k, to, out);
            out.add(subtreeRoot(leaves, from, from + k));
        }
    }

    /**
     * Every leaf's audit path at once, in O(n log n) rather than the O(n^2) of calling
     * {@link #inclusionPath} per leaf: each subtree root is computed once and handed to every leaf
     * of its sibling subtree. Used to sign a batch.
     */
    public static List<List<byte[]>> inclusionPaths(List<byte[]> leafHashes) {
        List<List<byte[]>> paths = new ArrayList<>(leafHashes.size());
        for (int i = 0; i < leafHashes.size(); i++) {
            paths.add(new ArrayList<>());
        }
        if (!leafHashes.isEmpty()) {
            collectPaths(leafHashes, 0, leafHashes.size(), paths);
        }
        return paths;
    }

    private static byte[] collectPaths(List<byte[]> leaves, int from, int to, List<List<byte[]>> paths) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(to - from);
        byte[] left = collectPaths(leaves, from, from + k, paths);
        byte[] right = collectPaths(leaves, from + k, to, paths);
        for (int i = from; i < from + k; i++) {
            paths.get(i).add(right);
        }
        for (int i = from + k; i < to; i++) {
            paths.get(i).add(left);
        }
        return nodeHash(left, right);
    }

    /** Recomputes the root from a leaf hash and its path (RFC 9162 section 2.1.3.2); null when the path is malformed. */
    public static byte[] rootFromInclusionPath(byte[] leafHash, long index, long treeSize, List<byte[]> path) {
        if (index < 0 || index >= treeSize) {
            return null;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    public static boolean verifyInclusion(
            byte[] leafHash, long index, long treeSize, List<byte[]> path, byte[] expectedRoot) {
        byte[] root = rootFromInclusionPath(leafHash, index, treeSize, path);
        return root != null && MessageDigest.isEqual(root, expectedRoot);
    }

    static int largestPowerOfTwoBelow(int n) {
        int k = Integer.highestOneBit(n);
        return k == n ? k >> 1 : k;
    }
}
