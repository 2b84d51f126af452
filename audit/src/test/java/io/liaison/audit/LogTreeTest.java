package io.liaison.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.MerkleTree;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers from the Certificate Transparency reference test data (the C++ log's
 * ReferenceSnapshotConsistency vectors, reused by transparency-dev/merkle and
 * certificate-transparency-go): the eight leaves "", 00, 10, 2021, 3031, 40414243,
 * 5051525354555657 and 606162636465666768696a6b6c6d6e6f.
 */
class LogTreeTest {
    private static final String[] LEAVES = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
    };
    private static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    };
    private static final HexFormat HEX = HexFormat.of();

    private static LogTree referenceTree() {
        LogTree tree = new LogTree();
        for (String leaf : LEAVES) {
            tree.append(HEX.parseHex(leaf));
        }
        return tree;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static List<byte[]> unhex(String... hashes) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hashes) {
            out.add(HEX.parseHex(h));
        }
        return out;
    }

    @Test
    void rootsOfEveryPrefixMatchTheReferenceRoots() {
        LogTree tree = referenceTree();
        assertThat(HEX.formatHex(tree.root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int size = 1; size <= 8; size++) {
            assertThat(HEX.formatHex(tree.root(size)))
                    .as("root of size %d", size)
                    .isEqualTo(ROOTS[size - 1]);
        }
    }

    @Test
    void inclusionProofsMatchTheReferenceVectorsAndVerify() {
        LogTree tree = referenceTree();
        assertThat(hex(tree.inclusionProof(0, 8)))
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(tree.inclusionProof(5, 8)))
                .containsExactly(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(MerkleTree.verifyInclusion(
                        tree.leafHash(5), 5, 8, tree.inclusionProof(5, 8), HEX.parseHex(ROOTS[7])))
                .isTrue();
    }

    @Test
    void consistencyProofsMatchTheReferenceVectorsAndVerify() {
        LogTree tree = referenceTree();
        List<byte[]> oneToEight = unhex(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        List<byte[]> sixToEight = unhex(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        List<byte[]> twoToFive = unhex(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");

        assertThat(hex(tree.consistencyProof(1, 8))).isEqualTo(hex(oneToEight));
        assertThat(hex(tree.consistencyProof(6, 8))).isEqualTo(hex(sixToEight));
        assertThat(hex(tree.consistencyProof(2, 5))).isEqualTo(hex(twoToFive));
        assertThat(tree.consistencyProof(1, 1)).isEmpty();

        assertThat(LogTree.verifyConsistency(1, 8, HEX.parseHex(ROOTS[0]), HEX.parseHex(ROOTS[7]), oneToEight))
                .isTrue();
        assertThat(LogTree.verifyConsistency(6, 8, HEX.parseHex(ROOTS[5]), HEX.parseHex(ROOTS[7]), sixToEight))
                .isTrue();
        assertThat(LogTree.verifyConsistency(2, 5, HEX.parseHex(ROOTS[1]), HEX.parseHex(ROOTS[4]), twoToFive))
                .isTrue();
        assertThat(LogTree.verifyConsistency(6, 8, HEX.parseHex(ROOTS[4]), HEX.parseHex(ROOTS[7]), sixToEight))
                .as("wrong old root")
                .isFalse();
    }

    @Test
    void agreesWithTheKernelsRecursiveTreeForEverySizeUpTo70() {
        LogTree tree = new LogTree();
        List<byte[]> leafHashes = new ArrayList<>();
        for (int n = 1; n <= 70; n++) {
            byte[] data = ("leaf-" + n).getBytes();
            tree.append(data);
            leafHashes.add(MerkleTree.leafHash(data));
            assertThat(tree.root()).isEqualTo(MerkleTree.root(leafHashes));
            for (int i = 0; i < n; i++) {
                assertThat(hex(tree.inclusionProof(i, n))).isEqualTo(hex(MerkleTree.inclusionPath(leafHashes, i)));
            }
        }
    }

    @Test
    void everyConsistencyProofUpTo40VerifiesAndFailsWhenAnyNodeIsAltered() {
        LogTree tree = new LogTree();
        for (int i = 0; i < 40; i++) {
            tree.append(new byte[] {(byte) i});
        }
        for (int n = 1; n <= 40; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                assertThat(LogTree.verifyConsistency(m, n, tree.root(m), tree.root(n), proof))
                        .as("%d -> %d", m, n)
                        .isTrue();
                for (int j = 0; j < proof.size(); j++) {
                    List<byte[]> altered = new ArrayList<>(proof);
                    byte[] node = altered.get(j).clone();
                    node[j % 32] ^= 1;
                    altered.set(j, node);
                    assertThat(LogTree.verifyConsistency(m, n, tree.root(m), tree.root(n), altered))
                            .as("%d -> %d node %d", m, n, j)
                            .isFalse();
                }
                if (m >= 2 && m < n) {
                    assertThat(LogTree.verifyConsistency(m, n, tree.root(m - 1), tree.root(n), proof))
                            .as("%d -> %d with another old root", m, n)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void refusesSizesItHasNotReached() {
        LogTree tree = referenceTree();
        assertThatThrownBy(() -> tree.root(9)).hasMessageContaining("tree size 9 outside [0, 8]");
        assertThatThrownBy(() -> tree.inclusionProof(8, 8)).hasMessageContaining("leaf index 8");
        assertThatThrownBy(() -> tree.consistencyProof(5, 4)).hasMessageContaining("old tree size 5");
    }
}
