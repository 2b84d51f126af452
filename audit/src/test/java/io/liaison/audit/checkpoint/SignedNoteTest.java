package io.liaison.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/** Known answers from Go's golang.org/x/mod/sumdb/note tests (the PeterNeumann key and note). */
class SignedNoteTest {
    private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String SKEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String TEXT =
            "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private static final String NOTE = TEXT
            + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void reproducesTheReferenceNoteByteForByte() {
        byte[] material = Base64.getDecoder().decode(SKEY_MATERIAL);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(Arrays.copyOfRange(material, 1, 33), 0);
        NoteKey noteKey = NoteKey.ed25519("PeterNeumann", key.generatePublicKey());

        assertThat(noteKey.verifierKey()).isEqualTo(VKEY);
        assertThat(HexFormat.of().toHexDigits(noteKey.keyId())).isEqualTo("c74f20a3");
        byte[] signature = Ed25519.sign(key, TEXT.getBytes(StandardCharsets.UTF_8));
        SignedNote note = new SignedNote(TEXT, List.of(new NoteSignature("PeterNeumann", noteKey.keyId(), signature)));
        assertThat(note.serialize()).isEqualTo(NOTE);
    }

    @Test
    void parsesTheReferenceNoteAndItsVerifierKey() {
        SignedNote note = SignedNote.parse(NOTE);
        NoteKey key = NoteKey.parseVerifierKey(VKEY);

        assertThat(note.text()).isEqualTo(TEXT);
        assertThat(note.signatures()).hasSize(1);
        assertThat(note.signatures().get(0).isFrom(key)).isTrue();
        assertThat(Ed25519.verify(
                        key.publicKey(),
                        note.textBytes(),
                        note.signatures().get(0).signature()))
                .isTrue();
    }

    @Test
    void rejectsMalformedNotesAndKeys() {
        assertThatThrownBy(() -> SignedNote.parse(TEXT)).hasMessageContaining("blank line");
        assertThatThrownBy(() -> SignedNote.parse(NOTE.replace("\u2014", "-"))).hasMessageContaining("em dash");
        assertThatThrownBy(() -> SignedNote.parse("a\tb\n\n\u2014 k AAAAAAA=\n"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> NoteKey.parseVerifierKey(VKEY.replace("c74f20a3", "c74f20a4")))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> NoteKey.requireKeyName("has space")).hasMessageContaining("without spaces");
    }

    @Test
    void checkpointBodyRoundTripsAndRejectsNonCanonicalFields() {
        byte[] root = new byte[32];
        root[0] = 1;
        Checkpoint checkpoint = new Checkpoint("liaison.test/audit", 42, root);
        assertThat(checkpoint.body())
                .isEqualTo("liaison.test/audit\n42\nAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
        assertThat(Checkpoint.parse(checkpoint.body() + "extension line\n").extensions())
                .containsExactly("extension line");
        assertThatThrownBy(() -> Checkpoint.parse("o\n042\nAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"))
                .hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> Checkpoint.parse("o\n42\nAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n"))
                .hasMessageContaining("canonical");
    }
}
