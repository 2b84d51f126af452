package io.liaison.kernel.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(("leaf-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void emptyTreeRootIsTheHashOfNothing() {
        assertThat(HexFormat.of().formatHex(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void rootFollowsRfc6962Splitting() {
        List<byte[]> l = leaves(3);
        byte[] expected = MerkleTree.nodeHash(MerkleTree.nodeHash(l.get(0), l.get(1)), l.get(2));
        assertThat(MerkleTree.root(l)).isEqualTo(expected);
    }

    @Test
    void everyInclusionPathOfEveryTreeUpTo33LeavesVerifies() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> l = leaves(n);
            byte[] root = MerkleTree.root(l);
            for (int i = 0; i < n; i++) {
                assertThat(MerkleTree.verifyInclusion(l.get(i), i, n, MerkleTree.inclusionPath(l, i), root))
                        .as("leaf %d of %d", i, n)
                        .isTrue();
            }
        }
    }

    @Test
    void allPathsAtOnceEqualEachPathComputedAlone() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> l = leaves(n);
            List<List<byte[]>> all = MerkleTree.inclusionPaths(l);
            for (int i = 0; i < n; i++) {
                assertThat(all.get(i))
                        .as("leaf %d of %d", i, n)
                        .containsExactlyElementsOf(MerkleTree.inclusionPath(l, i));
            }
        }
    }

    @Test
    void aPathForAnotherIndexOrLeafDoesNotVerify() {
        List<byte[]> l = leaves(10);
        byte[] root = MerkleTree.root(l);
        List<byte[]> path = MerkleTree.inclusionPath(l, 3);
        assertThat(MerkleTree.verifyInclusion(l.get(3), 4, 10, path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(l.get(2), 3, 10, path, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(l.get(3), 3, 17, path, root)).isFalse();
    }
}
