package io.liaison.kernel.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.MerkleTree;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.fields.Leaf;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import io.liaison.schemas.envelope.Attestation;
import io.liaison.schemas.envelope.AttestationBatch;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.FieldAction;
import io.liaison.schemas.envelope.FieldCommitment;
import io.liaison.schemas.envelope.SenderSignature;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed signing test vectors (src/test/resources/signing-vectors, described in
 * docs/signing.md): a fixed Ed25519 key, fixed inputs, and the canonical bytes and signatures
 * they must produce. Ed25519 is deterministic, so any implementation can check itself against
 * these files ({@code openssl pkeyutl} does, in the pki module's SigningVectorsOpenSslTest). If this test fails, the canonical encoding changed: that
 * needs a new domain string, not new vectors.
 *
 * <p>{@link #main} rewrites every file except the key (run it only when adding a vector).
 */
class SigningVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** What one vector consists of: a human description, the exact signed bytes, and the signature. */
    private record Vector(String description, byte[] input, byte[] signature) {}

    @ParameterizedTest
    @ValueSource(strings = {"envelope", "batch", "attestation", "attestation-batch"})
    void recomputedVectorMatchesTheCommittedFiles(String name) throws Exception {
        Path dir = vectorDir();
        Vector vector = vectors(privateKey(dir)).get(name);

        assertThat(vector.description()).isEqualTo(Files.readString(dir.resolve(name + ".txt")));
        assertThat(HEX.formatHex(vector.input()))
                .isEqualTo(Files.readString(dir.resolve(name + ".input.hex")).strip());
        assertThat(Files.readAllBytes(dir.resolve(name + ".input.bin"))).isEqualTo(vector.input());
        assertThat(HEX.formatHex(vector.signature()))
                .isEqualTo(Files.readString(dir.resolve(name + ".sig.hex")).strip());
        assertThat(Files.readAllBytes(dir.resolve(name + ".sig.bin"))).isEqualTo(vector.signature());
        assertThat(Ed25519.verify(privateKey(dir).generatePublicKey(), vector.input(), vector.signature()))
                .isTrue();
    }

    @Test
    void committedPublicKeyMatchesThePrivateKey() throws Exception {
        Path dir = vectorDir();
        Ed25519PrivateKeyParameters key = privateKey(dir);

        assertThat(HEX.formatHex(key.generatePublicKey().getEncoded()))
                .isEqualTo(Files.readString(dir.resolve("pub.hex")).strip());
    }

    @Test
    void envelopeVectorVerifiesThroughTheSignerAndVerifier() throws Exception {
        Ed25519PrivateKeyParameters key = privateKey(vectorDir());
        Envelope signed = new EnvelopeSigner(new SigningIdentity("cpd", SENDER_KEY_ID, key))
                .sign(envelope("6f1c2a9e-4b7d-4e1a-9c3f-0d2b8e5a7c41", Instant.parse("2026-11-25T12:00:00.123Z")));

        assertThat(HEX.formatHex(FieldCommitments.bytes(signed.getSignature().getValue())))
                .isEqualTo(Files.readString(vectorDir().resolve("envelope.sig.hex"))
                        .strip());
    }

    @Test
    void attestationBatchVectorVerifiesThroughAttestationsVerify() throws Exception {
        Path dir = vectorDir();
        Ed25519PrivateKeyParameters key = privateKey(dir);
        TrustStore trust = new TrustStore();
        trust.add(new TrustedKey(
                BACKBONE_KEY_ID,
                "backbone",
                KeyRole.BACKBONE_ATTESTATION,
                key.generatePublicKey(),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z")));
        Map<String, String> fields = vectorFields(Files.readString(dir.resolve("attestation-batch.txt")));
        Envelope copy = envelope("6f1c2a9e-4b7d-4e1a-9c3f-0d2b8e5a7c41", Instant.parse("2026-11-25T12:00:00.123Z"));
        copy.setPayload(ByteBuffer.wrap(HEX.parseHex(fields.get("slot[2].deliveredPayload"))));
        copy.setAttestation(Attestation.newBuilder()
                .setRecipient("dhs")
                .setPurpose("border-security")
                .setPolicyVersion("2026-11-01.3")
                .setRuleIds(List.of("r-dhs"))
                .setActions(List.of(new FieldAction("involvedPersons[0].name", "DROP")))
                .setOriginalDigest(ByteBuffer.wrap(SigningInputs.originalDigest(copy)))
                .setAttestedAt(Instant.parse("2026-11-25T12:00:01.500Z"))
                .setKeyId(BACKBONE_KEY_ID)
                .setSignature(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("attestation-batch.sig.bin"))))
                .setBatch(new AttestationBatch(
                        2,
                        4,
                        ByteBuffer.wrap(HEX.parseHex(fields.get("slot[2].nonce"))),
                        new ArrayList<>(Arrays.stream(
                                        fields.get("slot[2].inclusionPath").split(","))
                                .map(h -> ByteBuffer.wrap(HEX.parseHex(h)))
                                .toList())))
                .build());

        assertThat(Attestations.verify(copy, trust, copy.getAttestation().getAttestedAt()))
                .isEqualTo(Verdict.ACCEPTED);
    }

    private static Map<String, String> vectorFields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        text.lines()
                .filter(l -> !l.startsWith("#") && l.contains(" = "))
                .forEach(l -> out.put(l.substring(0, l.indexOf(" = ")), l.substring(l.indexOf(" = ") + 3)));
        return out;
    }

    // ---- the vectors ----

    private static final String SENDER_KEY_ID = "5e1d3c6a2f0b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d";
    private static final String BACKBONE_KEY_ID = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";

    /** A leaf to commit to: path, Avro type, value and salt. Listed unsorted on purpose: the encoding sorts. */
    private record LeafSpec(String path, Schema.Type type, Object value, String saltHex) {
        Leaf leaf() {
            return new Leaf(path, Schema.create(type), value, Set.of(), type == Schema.Type.NULL);
        }
    }

    private static final List<LeafSpec> LEAVES = List.of(
            new LeafSpec("weaponInvolved", Schema.Type.BOOLEAN, true, "000102030405060708090a0b0c0d0e0f"),
            new LeafSpec(
                    "summary", Schema.Type.STRING, "Armed robbery at 5th & Main", "101112131415161718191a1b1c1d1e1f"),
            new LeafSpec("involvedPersons[#]", Schema.Type.INT, 1, "202122232425262728292a2b2c2d2e2f"),
            new LeafSpec("occurredAt", Schema.Type.LONG, 1764071100000L, "303132333435363738393a3b3c3d3e3f"),
            new LeafSpec("involvedPersons[0].dateOfBirth", Schema.Type.NULL, null, "404142434445464748494a4b4c4d4e4f"),
            new LeafSpec(
                    "involvedPersons[0].name", Schema.Type.STRING, "Zoë Ramírez", "505152535455565758595a5b5c5d5e5f"));

    private static Envelope envelope(String messageId, Instant createdAt) {
        List<FieldCommitment> commitments = new ArrayList<>();
        for (LeafSpec spec : LEAVES) {
            byte[] salt = HEX.parseHex(spec.saltHex());
            commitments.add(new FieldCommitment(
                    spec.path(), ByteBuffer.wrap(FieldCommitments.digest(salt, spec.leaf())), ByteBuffer.wrap(salt)));
        }
        return Envelope.newBuilder()
                .setMessageId(messageId)
                .setSenderAgency("cpd")
                .setKeyId(SENDER_KEY_ID)
                .setCreatedAt(createdAt)
                .setMessageType("IncidentReport")
                .setClassification(Classification.LAW_ENFORCEMENT_SENSITIVE)
                .setCaveats(List.of("PII", "NOFORN", "PII"))
                .setReleasability(List.of("fbi", "cook-county"))
                .setPayload(
                        ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1})) // not signed directly: bound by the commitments
                .setCommitments(commitments)
                .setSignature(new SenderSignature(Ed25519.ALGORITHM, ByteBuffer.allocate(0), null))
                .setAttestation(null)
                .build();
    }

    private static Map<String, Vector> vectors(Ed25519PrivateKeyParameters key) {
        Map<String, Vector> out = new LinkedHashMap<>();
        Envelope single = envelope("6f1c2a9e-4b7d-4e1a-9c3f-0d2b8e5a7c41", Instant.parse("2026-11-25T12:00:00.123Z"));
        byte[] singleInput = SigningInputs.envelope(single);
        out.put("envelope", new Vector(describeEnvelope(single), singleInput, Ed25519.sign(key, singleInput)));

        List<Envelope> members = List.of(
                envelope("00000000-0000-4000-8000-000000000001", Instant.parse("2026-11-25T12:00:01Z")),
                envelope("00000000-0000-4000-8000-000000000002", Instant.parse("2026-11-25T12:00:02Z")),
                envelope("00000000-0000-4000-8000-000000000003", Instant.parse("2026-11-25T12:00:03Z")));
        List<byte[]> leaves = members.stream()
                .map(e -> MerkleTree.leafHash(SigningInputs.envelope(e)))
                .toList();
        byte[] root = MerkleTree.root(leaves);
        byte[] batchInput = SigningInputs.batchRoot(members.size(), root);
        StringBuilder batch =
                new StringBuilder("# Batch vector: one signature over the RFC 6962 root of three envelopes.\n"
                        + "# Each member is the envelope vector with the message id and created-at below.\n");
        for (int i = 0; i < members.size(); i++) {
            Envelope e = members.get(i);
            batch.append("member[")
                    .append(i)
                    .append("].messageId = ")
                    .append(e.getMessageId())
                    .append('\n')
                    .append("member[")
                    .append(i)
                    .append("].createdAt = ")
                    .append(e.getCreatedAt())
                    .append('\n')
                    .append("member[")
                    .append(i)
                    .append("].canonicalInput = ")
                    .append(HEX.formatHex(SigningInputs.envelope(e)))
                    .append('\n')
                    .append("member[")
                    .append(i)
                    .append("].leafHash = ")
                    .append(HEX.formatHex(leaves.get(i)))
                    .append('\n')
                    .append("member[")
                    .append(i)
                    .append("].inclusionPath = ")
                    .append(String.join(
                            ",",
                            MerkleTree.inclusionPath(leaves, i).stream()
                                    .map(HEX::formatHex)
                                    .toList()))
                    .append('\n');
        }
        batch.append("root = ").append(HEX.formatHex(root)).append('\n');
        out.put("batch", new Vector(batch.toString(), batchInput, Ed25519.sign(key, batchInput)));

        byte[] delivered = HEX.parseHex("000000000702066670690a");
        Attestation attestation = Attestation.newBuilder()
                .setRecipient("fbi")
                .setPurpose("investigation")
                .setPolicyVersion("2026-11-01.3")
                .setRuleIds(List.of("r-pii-mask", "r-base", "r-pii-mask"))
                .setActions(List.of(
                        new FieldAction("summary", "MASK"),
                        new FieldAction("involvedPersons[0].name", "PSEUDONYMIZE"),
                        new FieldAction("involvedPersons[0].dateOfBirth", "DROP")))
                .setOriginalDigest(ByteBuffer.wrap(SigningInputs.originalDigest(single)))
                .setAttestedAt(Instant.parse("2026-11-25T12:00:01.500Z"))
                .setKeyId(BACKBONE_KEY_ID)
                .setSignature(ByteBuffer.allocate(0))
                .build();
        byte[] attestationInput = SigningInputs.attestation(attestation, delivered);
        String attestationText =
                "# Attestation vector: the backbone's signature on a recipient copy of the envelope vector.\n"
                        + "recipient = fbi\npurpose = investigation\npolicyVersion = 2026-11-01.3\n"
                        + "ruleIds = r-pii-mask,r-base,r-pii-mask\n"
                        + "actions = summary:MASK,involvedPersons[0].name:PSEUDONYMIZE,involvedPersons[0].dateOfBirth:DROP\n"
                        + "originalDigest = " + HEX.formatHex(SigningInputs.originalDigest(single))
                        + " (SHA-256 of envelope.input.bin)\n"
                        + "attestedAt = " + attestation.getAttestedAt() + " ("
                        + attestation.getAttestedAt().toEpochMilli() + " ms)\n"
                        + "keyId = " + BACKBONE_KEY_ID + "\n"
                        + "deliveredPayload = " + HEX.formatHex(delivered) + "\n"
                        + "sha256(deliveredPayload) = " + HEX.formatHex(Digests.sha256(delivered)) + "\n";
        out.put("attestation", new Vector(attestationText, attestationInput, Ed25519.sign(key, attestationInput)));
        out.put("attestation-batch", attestationBatch(key, attestation, delivered));
        return out;
    }

    /**
     * Two copies of the envelope vector under one attestation signature, in a tree of 4 recipient
     * slots (docs/signing.md §6.1): slot 0 is the attestation vector's copy, slot 2 a second one;
     * slots 1 and 3 (denied recipients) hold leaves that are random in production and fixed here.
     */
    private static Vector attestationBatch(Ed25519PrivateKeyParameters key, Attestation first, byte[] firstDelivered) {
        byte[] secondDelivered = HEX.parseHex("00000000070206646873");
        Attestation second = Attestation.newBuilder()
                .setRecipient("dhs")
                .setPurpose("border-security")
                .setPolicyVersion(first.getPolicyVersion())
                .setRuleIds(List.of("r-dhs"))
                .setActions(List.of(new FieldAction("involvedPersons[0].name", "DROP")))
                .setOriginalDigest(first.getOriginalDigest())
                .setAttestedAt(first.getAttestedAt())
                .setKeyId(first.getKeyId())
                .setSignature(ByteBuffer.allocate(0))
                .build();
        byte[][] nonces = {
            HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            HEX.parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f")
        };
        byte[][] inputs = {
            SigningInputs.attestation(first, firstDelivered), SigningInputs.attestation(second, secondDelivered)
        };
        List<byte[]> leaves = new ArrayList<>(List.of(
                MerkleTree.leafHash(SigningInputs.attestationLeaf(nonces[0], inputs[0])),
                HEX.parseHex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                MerkleTree.leafHash(SigningInputs.attestationLeaf(nonces[1], inputs[1])),
                HEX.parseHex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")));
        byte[] root = MerkleTree.root(leaves);
        byte[] signed = SigningInputs.attestationBatchRoot(leaves.size(), root);
        StringBuilder text =
                new StringBuilder("# Attestation batch vector: one backbone signature over the copies of the envelope\n"
                        + "# vector for 4 recipient slots. Slot 0 is the attestation vector's copy, slot 2 the same with the\n"
                        + "# fields below changed; slots 1 and 3 are denied recipients (random leaves in production).\n"
                        + "slot[2].recipient = dhs\nslot[2].purpose = border-security\nslot[2].ruleIds = r-dhs\n"
                        + "slot[2].actions = involvedPersons[0].name:DROP\n"
                        + "slot[2].deliveredPayload = " + HEX.formatHex(secondDelivered) + "\n");
        int[] slots = {0, 2};
        for (int i = 0; i < 2; i++) {
            int slot = slots[i];
            text.append("slot[")
                    .append(slot)
                    .append("].nonce = ")
                    .append(HEX.formatHex(nonces[i]))
                    .append('\n')
                    .append("slot[")
                    .append(slot)
                    .append("].attestationInput = ")
                    .append(HEX.formatHex(inputs[i]))
                    .append('\n')
                    .append("slot[")
                    .append(slot)
                    .append("].leafHash = ")
                    .append(HEX.formatHex(leaves.get(slot)))
                    .append('\n')
                    .append("slot[")
                    .append(slot)
                    .append("].inclusionPath = ")
                    .append(String.join(
                            ",",
                            MerkleTree.inclusionPath(leaves, slot).stream()
                                    .map(HEX::formatHex)
                                    .toList()))
                    .append('\n');
        }
        text.append("slot[1].leafHash = ")
                .append(HEX.formatHex(leaves.get(1)))
                .append('\n')
                .append("slot[3].leafHash = ")
                .append(HEX.formatHex(leaves.get(3)))
                .append('\n')
                .append("root = ")
                .append(HEX.formatHex(root))
                .append('\n');
        return new Vector(text.toString(), signed, Ed25519.sign(key, signed));
    }

    private static String describeEnvelope(Envelope e) {
        StringBuilder s =
                new StringBuilder("# Envelope vector: the sender's canonical signing input (SigningInputs.envelope).\n"
                        + "# Lists are given as set by the sender; the encoding sorts and de-duplicates them.\n");
        s.append("messageId = ")
                .append(e.getMessageId())
                .append('\n')
                .append("senderAgency = ")
                .append(e.getSenderAgency())
                .append('\n')
                .append("keyId = ")
                .append(e.getKeyId())
                .append('\n')
                .append("messageType = ")
                .append(e.getMessageType())
                .append('\n')
                .append("classification = ")
                .append(e.getClassification())
                .append('\n')
                .append("caveats = ")
                .append(String.join(",", e.getCaveats()))
                .append('\n')
                .append("releasability = ")
                .append(String.join(",", e.getReleasability()))
                .append('\n')
                .append("createdAt = ")
                .append(e.getCreatedAt())
                .append(" (")
                .append(e.getCreatedAt().toEpochMilli())
                .append(" ms)\n");
        for (LeafSpec spec : LEAVES) {
            Leaf leaf = spec.leaf();
            s.append("commitment ")
                    .append(spec.path())
                    .append(": type=")
                    .append(spec.type())
                    .append(" value=")
                    .append(spec.value())
                    .append(" salt=")
                    .append(spec.saltHex())
                    .append(" canonicalValue=")
                    .append(HEX.formatHex(FieldCommitments.canonicalValue(leaf)))
                    .append(" digest=")
                    .append(HEX.formatHex(FieldCommitments.digest(HEX.parseHex(spec.saltHex()), leaf)))
                    .append('\n');
        }
        return s.toString();
    }

    // ---- files ----

    private static Path vectorDir() throws URISyntaxException {
        return Path.of(SigningVectorsTest.class
                        .getResource("/signing-vectors/key.pem")
                        .toURI())
                .getParent();
    }

    private static Ed25519PrivateKeyParameters privateKey(Path dir) throws IOException {
        // key.hex is the raw key; pki's SigningVectorsOpenSslTest checks that key.pem holds the same one
        return new Ed25519PrivateKeyParameters(
                HEX.parseHex(Files.readString(dir.resolve("key.hex")).strip()));
    }

    /** Rewrites every vector file in {@code args[0]} (default: this module's src/test/resources/signing-vectors) from key.pem. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "kernel/src/test/resources/signing-vectors");
        for (Map.Entry<String, Vector> v : vectors(privateKey(dir)).entrySet()) {
            Files.writeString(dir.resolve(v.getKey() + ".txt"), v.getValue().description(), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve(v.getKey() + ".input.hex"),
                    HEX.formatHex(v.getValue().input()) + "\n");
            Files.write(dir.resolve(v.getKey() + ".input.bin"), v.getValue().input());
            Files.writeString(
                    dir.resolve(v.getKey() + ".sig.hex"),
                    HEX.formatHex(v.getValue().signature()) + "\n");
            Files.write(dir.resolve(v.getKey() + ".sig.bin"), v.getValue().signature());
        }
    }
}
