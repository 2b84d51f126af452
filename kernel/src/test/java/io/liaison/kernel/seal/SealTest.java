package io.liaison.kernel.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.trust.TrustStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

class SealTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final byte[] COPY =
            "Darnell Q. Whitfield, born 1994-03-17, A-number A201-555-019".getBytes(StandardCharsets.UTF_8);

    /** One owner's key pair: its certificate's public half and its private half. */
    record Party(EncryptionKey publicKey, DecryptionKey privateKey) {
        DecryptionKeys keys() {
            return DecryptionKeys.of(privateKey.owner(), List.of(privateKey));
        }
    }

    static Party party(String owner, Instant notBefore) {
        AsymmetricCipherKeyPair pair = DecryptionKey.generate(RANDOM);
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String keyId = Digests.hex(id);
        return new Party(
                new EncryptionKey(
                        keyId,
                        owner,
                        EncryptionRole.AGENCY,
                        (X25519PublicKeyParameters) pair.getPublic(),
                        notBefore,
                        notBefore.plus(Duration.ofDays(365))),
                new DecryptionKey(owner, keyId, (X25519PrivateKeyParameters) pair.getPrivate()));
    }

    private final Party ice = party("ice", NOW.minus(Duration.ofDays(1)));
    private final Party guard = party("guard", NOW.minus(Duration.ofDays(1)));
    private final Map<String, byte[]> iceKeyTopic = new HashMap<>();
    private final AtomicReference<Instant> clock = new AtomicReference<>(NOW);
    private final SessionSealer sealer = new SessionSealer(clock::get, RANDOM);

    private SealContext contextFor(String messageId, Party to) {
        return new SealContext(
                "inbox." + to.publicKey().owner(),
                messageId,
                "cpd",
                "IncidentReport",
                to.publicKey().owner(),
                to.publicKey().keyId());
    }

    /** What the backbone writes: the inbox value, and the wrapped data key into the recipient's key topic. */
    private byte[] deliver(String messageId, Party to, Map<String, byte[]> keyTopic) {
        String ref = Seal.newKeyRef(messageId, RANDOM);
        Seal.Sealed sealed = sealer.sealReferenced(contextFor(messageId, to), ref, COPY, to.publicKey());
        keyTopic.put(ref, sealed.key().encode());
        return sealed.record().encode();
    }

    private static Seal.KeyLookup lookup(Map<String, byte[]> keyTopic) {
        return ref -> Optional.ofNullable(keyTopic.get(ref));
    }

    @Test
    void theRecipientOpensItsCopyWithItsOwnKeyAndTheContextTravelsInClear() {
        byte[] value = deliver("m-1", ice, iceKeyTopic);

        Opening opened = Seal.open(value, "inbox.ice", "m-1", ice.keys(), lookup(iceKeyTopic));

        assertThat(opened).isInstanceOfSatisfying(Opening.Opened.class, o -> {
            assertThat(o.plaintext()).isEqualTo(COPY);
            assertThat(o.context()).isEqualTo(contextFor("m-1", ice));
        });
        String stored = new String(value, StandardCharsets.ISO_8859_1);
        assertThat(stored)
                .startsWith("liaison/sealed/v1")
                .contains(
                        "inbox.ice",
                        "m-1",
                        "cpd",
                        "IncidentReport",
                        ice.publicKey().keyId())
                .doesNotContain("Whitfield", "1994-03-17", "A201-555-019");
        assertThat(new String(iceKeyTopic.values().iterator().next(), StandardCharsets.ISO_8859_1))
                .doesNotContain("Whitfield");
    }

    @Test
    void anInlineSealedIngressRecordOpensWithoutAKeyTopic() {
        Party backbone = party("backbone", NOW.minus(Duration.ofDays(1)));
        SealContext context = new SealContext(
                "ingress.cpd",
                "m-2",
                "cpd",
                "IncidentReport",
                "backbone",
                backbone.publicKey().keyId());

        byte[] value =
                Seal.sealInline(context, COPY, backbone.publicKey(), RANDOM).encode();

        assertThat(Seal.open(value, "ingress.cpd", "m-2", backbone.keys(), Seal.KeyLookup.NONE))
                .isInstanceOfSatisfying(
                        Opening.Opened.class, o -> assertThat(o.plaintext()).isEqualTo(COPY));
    }

    @Test
    void anotherAgencyCannotOpenACopyEvenWithItsTopicAndKeyTopic() {
        byte[] toIce = deliver("m-3", ice, iceKeyTopic);

        // guard reads ice's inbox and key topic as they are: the record names ice
        assertThat(Seal.open(toIce, "inbox.ice", "m-3", guard.keys(), lookup(iceKeyTopic)))
                .isInstanceOfSatisfying(Opening.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectionReason.SEAL_MISDIRECTED);
                    assertThat(r.detail()).contains("sealed to ice, not to guard");
                });

        // guard rewrites the clear context to name itself: it holds no private key with ice's key id
        SealedRecord record = SealedRecord.decode(toIce);
        SealContext claimed = new SealContext(
                "inbox.ice",
                "m-3",
                "cpd",
                "IncidentReport",
                "guard",
                ice.publicKey().keyId());
        byte[] relabelled = new SealedRecord(claimed, record.placement(), record.nonce(), record.ciphertext()).encode();
        assertThat(Seal.open(relabelled, "inbox.ice", "m-3", guard.keys(), lookup(iceKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.DECRYPTION_KEY_UNAVAILABLE);

        // and naming its own key id too: the data key is wrapped to ice's key, so it does not unwrap
        SealContext forged = new SealContext(
                "inbox.ice",
                "m-3",
                "cpd",
                "IncidentReport",
                "guard",
                guard.publicKey().keyId());
        byte[] forgedValue = new SealedRecord(forged, record.placement(), record.nonce(), record.ciphertext()).encode();
        Map<String, byte[]> forgedKeys = new HashMap<>();
        iceKeyTopic.forEach((ref, wrapped) -> {
            WrappedKey w = WrappedKey.decode(wrapped);
            forgedKeys.put(
                    ref,
                    new WrappedKey(w.scheme(), guard.publicKey().keyId(), w.encapsulation(), w.ciphertext()).encode());
        });
        assertThat(Seal.open(forgedValue, "inbox.ice", "m-3", guard.keys(), lookup(forgedKeys)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.SEAL_BROKEN);
    }

    @Test
    void aCiphertextMovedToAnotherMessageOrRecipientDoesNotDecrypt() {
        byte[] first = deliver("m-4", ice, iceKeyTopic);
        byte[] second = deliver("m-5", ice, iceKeyTopic);
        SealedRecord a = SealedRecord.decode(first);
        SealedRecord b = SealedRecord.decode(second);

        // written under another record key as it is: its context says where it belongs
        assertThat(Seal.open(first, "inbox.ice", "m-5", ice.keys(), lookup(iceKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.SEAL_MISDIRECTED);

        // m-4's ciphertext relabelled as m-5, with m-4's own data key: the AAD and HPKE info differ
        byte[] movedToM5 = new SealedRecord(contextFor("m-5", ice), a.placement(), a.nonce(), a.ciphertext()).encode();
        assertThat(Seal.open(movedToM5, "inbox.ice", "m-5", ice.keys(), lookup(iceKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.SEAL_BROKEN);

        // m-5's record pointing at m-4's data key: the key was wrapped for m-4's context
        byte[] swappedKey = new SealedRecord(b.context(), a.placement(), b.nonce(), b.ciphertext()).encode();
        assertThat(Seal.open(swappedKey, "inbox.ice", "m-5", ice.keys(), lookup(iceKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.SEAL_BROKEN);

        // ice's copy moved to guard's inbox and relabelled for guard's key: guard's key cannot unwrap it
        Map<String, byte[]> guardKeyTopic = new HashMap<>(iceKeyTopic);
        SealContext toGuard = new SealContext(
                "inbox.guard",
                "m-4",
                "cpd",
                "IncidentReport",
                "guard",
                guard.publicKey().keyId());
        String ref = ((SealedRecord.KeyPlacement.Referenced) a.placement()).keyRef();
        WrappedKey w = WrappedKey.decode(iceKeyTopic.get(ref));
        guardKeyTopic.put(
                ref, new WrappedKey(w.scheme(), guard.publicKey().keyId(), w.encapsulation(), w.ciphertext()).encode());
        byte[] movedToGuard = new SealedRecord(toGuard, a.placement(), a.nonce(), a.ciphertext()).encode();
        assertThat(Seal.open(movedToGuard, "inbox.guard", "m-4", guard.keys(), lookup(guardKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.SEAL_BROKEN);
    }

    @Test
    void aDestroyedDataKeyLeavesTheCopyUnreadable() {
        byte[] value = deliver("m-6", ice, iceKeyTopic);
        iceKeyTopic.clear(); // the tombstone, after compaction

        assertThat(Seal.open(value, "inbox.ice", "m-6", ice.keys(), lookup(iceKeyTopic)))
                .isInstanceOfSatisfying(Opening.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectionReason.DECRYPTION_KEY_UNAVAILABLE);
                    assertThat(r.detail()).contains("m-6/").contains("not in the key topic");
                });
    }

    @Test
    void plainAlteredOrTruncatedBytesAreRefusedByName() {
        byte[] value = deliver("m-7", ice, iceKeyTopic);

        assertThat(Seal.open(
                        "plain text".getBytes(StandardCharsets.UTF_8),
                        "inbox.ice",
                        "m-7",
                        ice.keys(),
                        lookup(iceKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.NOT_SEALED);
        byte[] flipped = value.clone();
        flipped[flipped.length - 20] ^= 1;
        assertThat(Seal.open(flipped, "inbox.ice", "m-7", ice.keys(), lookup(iceKeyTopic)))
                .extracting(r -> ((Opening.Refused) r).reason())
                .isEqualTo(RejectionReason.SEAL_BROKEN);
        byte[] truncated = java.util.Arrays.copyOf(value, value.length - 1);
        assertThat(Seal.open(truncated, "inbox.ice", "m-7", ice.keys(), lookup(iceKeyTopic)))
                .isInstanceOfSatisfying(Opening.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectionReason.SEAL_BROKEN);
                    assertThat(r.detail()).contains("truncated");
                });
    }

    @Test
    void aRotatedOwnerOpensRecordsSealedToItsPreviousKeyAndNewRecordsGoToTheNewKey() {
        Party oldKey = ice;
        AsymmetricCipherKeyPair pair = DecryptionKey.generate(RANDOM);
        Party newKey = new Party(
                new EncryptionKey(
                        "ab".repeat(32),
                        "ice",
                        EncryptionRole.AGENCY,
                        (X25519PublicKeyParameters) pair.getPublic(),
                        NOW.minus(Duration.ofHours(1)),
                        NOW.plus(Duration.ofDays(365))),
                new DecryptionKey("ice", "ab".repeat(32), (X25519PrivateKeyParameters) pair.getPrivate()));
        TrustStore trust = new TrustStore().add(oldKey.publicKey()).add(newKey.publicKey());
        byte[] beforeRotation = deliver("m-8", oldKey, iceKeyTopic);

        assertThat(trust.encryptionKey("ice", EncryptionRole.AGENCY, NOW)).contains(newKey.publicKey());
        DecryptionKeys both = DecryptionKeys.of("ice", List.of(newKey.privateKey(), oldKey.privateKey()));
        assertThat(Seal.open(beforeRotation, "inbox.ice", "m-8", both, lookup(iceKeyTopic)))
                .isInstanceOf(Opening.Opened.class);

        trust.revoke(newKey.publicKey().keyId(), NOW.minus(Duration.ofMinutes(1)), "key-compromise");
        assertThat(trust.encryptionKey("ice", EncryptionRole.AGENCY, NOW)).contains(oldKey.publicKey());
        assertThat(trust.encryptionKey("ice", EncryptionRole.AGENCY, NOW.plus(Duration.ofDays(400))))
                .isEmpty();
    }

    @Test
    void sealingRefusesAKeyOtherThanTheOneTheContextNames() {
        assertThatThrownBy(() -> sealer.sealReferenced(contextFor("m-9", ice), "m-9/x", COPY, guard.publicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the one the context names");
    }

    @Test
    void theEncodingRoundTripsAndNamesItsLayout() {
        SealContext context = contextFor("m-10", ice);
        Seal.Sealed sealed = sealer.sealReferenced(context, "m-10/00", COPY, ice.publicKey());

        assertThat(SealedRecord.decode(sealed.record().encode())).isEqualTo(sealed.record());
        assertThat(WrappedKey.decode(sealed.key().encode())).isEqualTo(sealed.key());
        assertThat(new String(sealed.key().encode(), StandardCharsets.ISO_8859_1))
                .startsWith("liaison/wrapped-key/v2");
        assertThat(sealed.key().scheme()).isEqualTo(WrappedKey.Scheme.SESSION);
        assertThat(sealed.key().encapsulation()).hasSize(32); // the session's X25519 ephemeral public key
        assertThat(sealed.key().ciphertext()).hasSize(12 + 32 + 16); // nonce, data key and its GCM tag
        assertThat(sealed.record().nonce()).hasSize(12);
        assertThat(sealed.record().ciphertext()).hasSize(COPY.length + 16);

        SealedRecord perRecord = Seal.sealInline(context, COPY, ice.publicKey(), RANDOM);
        WrappedKey inline = ((SealedRecord.KeyPlacement.Inline) perRecord.placement()).key();
        assertThat(SealedRecord.decode(perRecord.encode())).isEqualTo(perRecord);
        assertThat(inline.scheme()).isEqualTo(WrappedKey.Scheme.PER_RECORD);
        assertThat(inline.ciphertext()).hasSize(32 + 16); // HPKE-sealed data key and its tag
        assertThat(new String(Seal.info(context.bytes()), StandardCharsets.ISO_8859_1))
                .startsWith("liaison/data-key/v1");
    }

    @Test
    void recordsOfOneSessionShareOneKeyAgreementButEachHasItsOwnDataKey() {
        byte[] first = deliver("m-11", ice, iceKeyTopic);
        byte[] second = deliver("m-12", ice, iceKeyTopic);
        Map<String, byte[]> guardKeyTopic = new HashMap<>();
        deliver("m-13", guard, guardKeyTopic);

        List<WrappedKey> iceKeys =
                iceKeyTopic.values().stream().map(WrappedKey::decode).toList();
        assertThat(iceKeys).hasSize(2);
        assertThat(iceKeys.get(0).encapsulation()).isEqualTo(iceKeys.get(1).encapsulation());
        assertThat(iceKeys.get(0).ciphertext()).isNotEqualTo(iceKeys.get(1).ciphertext());
        assertThat(WrappedKey.decode(guardKeyTopic.values().iterator().next()).encapsulation())
                .as("another owner's key has its own session")
                .isNotEqualTo(iceKeys.get(0).encapsulation());
        assertThat(Seal.open(first, "inbox.ice", "m-11", ice.keys(), lookup(iceKeyTopic)))
                .isInstanceOf(Opening.Opened.class);
        assertThat(Seal.open(second, "inbox.ice", "m-12", ice.keys(), lookup(iceKeyTopic)))
                .isInstanceOf(Opening.Opened.class);
    }

    @Test
    void aSessionEndsAfterAMinuteOrItsRecordCountWhicheverComesFirst() {
        SealContext context = contextFor("m-14", ice);
        byte[] first = encapsulation(sealer.sealReferenced(context, "r", COPY, ice.publicKey()));

        clock.set(clock.get().plus(SessionSealer.MAX_SESSION_AGE.minusSeconds(1)));
        assertThat(encapsulation(sealer.sealReferenced(context, "r", COPY, ice.publicKey())))
                .isEqualTo(first);
        clock.set(clock.get().plusSeconds(1));
        byte[] second = encapsulation(sealer.sealReferenced(context, "r", COPY, ice.publicKey()));
        assertThat(second).as("a minute old: a new session").isNotEqualTo(first);

        clock.set(clock.get().minusSeconds(5));
        byte[] third = encapsulation(sealer.sealReferenced(context, "r", COPY, ice.publicKey()));
        assertThat(third).as("the clock set back: a new session").isNotEqualTo(second);

        for (int i = 1; i < SessionSealer.MAX_SESSION_RECORDS; i++) {
            sealer.sealReferenced(context, "r", COPY, ice.publicKey());
        }
        assertThat(encapsulation(sealer.sealReferenced(context, "r", COPY, ice.publicKey())))
                .as("the 65,537th record of one minute: a new session")
                .isNotEqualTo(third);
    }

    private static byte[] encapsulation(Seal.Sealed sealed) {
        return sealed.key().encapsulation();
    }

    @Test
    void anOwnerKeptOnlyItsCurrentKeysSessionSoARotatedOutKeyStartsANewOne() {
        Party rotatedIn = party("ice", NOW.minus(Duration.ofHours(1)));
        byte[] toOldKey = encapsulation(sealer.sealReferenced(contextFor("m-20", ice), "r", COPY, ice.publicKey()));
        byte[] toNewKey =
                encapsulation(sealer.sealReferenced(contextFor("m-21", rotatedIn), "r", COPY, rotatedIn.publicKey()));
        assertThat(toNewKey).as("the owner's new key has a session of its own").isNotEqualTo(toOldKey);

        byte[] oldKeyAgain = encapsulation(sealer.sealReferenced(contextFor("m-22", ice), "r", COPY, ice.publicKey()));

        assertThat(oldKeyAgain)
                .as("the old key's session was dropped when the owner's new key got one, within the same minute")
                .isNotEqualTo(toOldKey);
        assertThat(encapsulation(sealer.sealReferenced(contextFor("m-23", ice), "r", COPY, ice.publicKey())))
                .isEqualTo(oldKeyAgain);
    }

    @Test
    void aForgedSessionEncapsulationIsRefusedAsBroken() {
        byte[] value = deliver("m-15", ice, iceKeyTopic);
        String ref = ((SealedRecord.KeyPlacement.Referenced)
                        SealedRecord.decode(value).placement())
                .keyRef();
        WrappedKey real = WrappedKey.decode(iceKeyTopic.get(ref));
        byte[] randomShare = new byte[32];
        RANDOM.nextBytes(randomShare);

        for (byte[] forged : List.of(randomShare, new byte[32], new byte[7])) {
            Map<String, byte[]> tampered = Map.of(
                    ref,
                    new WrappedKey(WrappedKey.Scheme.SESSION, real.recipientKeyId(), forged, real.ciphertext())
                            .encode());
            assertThat(Seal.open(value, "inbox.ice", "m-15", ice.keys(), lookup(tampered)))
                    .isInstanceOfSatisfying(
                            Opening.Refused.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.SEAL_BROKEN));
        }
    }

    @Test
    void theOwnerDerivesASessionKeyOnceAndRemembersIt() {
        deliver("m-16", ice, iceKeyTopic);
        WrappedKey wrapped = WrappedKey.decode(iceKeyTopic.values().iterator().next());
        DecryptionKeys keys = ice.keys();

        byte[] derived = keys.sessionKey(ice.privateKey(), wrapped.encapsulation());

        // each call returns a new array, as each record of the session carries its own: found by content
        assertThat(keys.sessionKey(ice.privateKey(), wrapped.encapsulation())).isSameAs(derived);
    }

    @Test
    void aCopyWrittenBeforeSessionsWithItsDataKeyWrappedPerRecordStillOpens() {
        // how copies were sealed before sessions: the data key HPKE-sealed for this record, in the key topic
        SealContext context = contextFor("m-17", ice);
        SealedRecord perRecord = Seal.sealInline(context, COPY, ice.publicKey(), RANDOM);
        WrappedKey v1 = ((SealedRecord.KeyPlacement.Inline) perRecord.placement()).key();
        byte[] copy = new SealedRecord(
                        context,
                        new SealedRecord.KeyPlacement.Referenced("m-17/00"),
                        perRecord.nonce(),
                        perRecord.ciphertext())
                .encode();
        byte[] keyTopicValue = v1.encode();

        assertThat(new String(keyTopicValue, StandardCharsets.ISO_8859_1)).startsWith("liaison/wrapped-key/v1");
        assertThat(Seal.open(copy, "inbox.ice", "m-17", ice.keys(), lookup(Map.of("m-17/00", keyTopicValue))))
                .isInstanceOfSatisfying(
                        Opening.Opened.class, o -> assertThat(o.plaintext()).isEqualTo(COPY));
    }
}
