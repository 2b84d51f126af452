package io.liaison.streams;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SessionSealer;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateProfiles;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.registry.WireFormatException;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Encryption at the edges of the topology (docs/encryption.md), around {@link Backbone}, which
 * sees only plaintext: an ingress record is opened with the backbone's key before
 * {@link Backbone#process}; after it, each inbox copy is sealed to its recipient agency and each
 * quarantine record's original to the quarantine officer, their data keys written to the owner's
 * key topic in the same transaction. The audit records pass unchanged: they hold metadata and
 * digests only.
 */
public final class EdgeSealing {
    /**
     * Refusals Backbone makes only after the sender's signature verified: the input is authentic,
     * its sender holds it, and a routine retry produces one (REPLAY), so only the header and the
     * digest are kept. Keep in step with the order of checks in {@link Backbone}.
     */
    static final Set<RejectionReason> AFTER_SIGNATURE = EnumSet.of(
            RejectionReason.UNKNOWN_MESSAGE_TYPE,
            RejectionReason.TYPE_MISMATCH,
            RejectionReason.SCHEMA_NOT_APPROVED,
            RejectionReason.MALFORMED_PAYLOAD,
            RejectionReason.COMMITMENT_MISMATCH,
            RejectionReason.NOT_AUTHORIZED_TYPE,
            RejectionReason.ROLE_NOT_HELD,
            RejectionReason.DIRECTIVE_NOT_AUTHORIZED,
            RejectionReason.REPLAY);

    /** What to do with an ingress record. */
    public sealed interface Ingress {
        /** Hand {@code record} to {@link Backbone#process}: opened, or left as it is for Backbone's own refusals (empty, too large). */
        record Process(IngressRecord record) implements Ingress {}

        /** Quarantine it as it arrived. */
        record Refuse(RejectionReason reason, String detail) implements Ingress {}
    }

    /** What sealing adds to a record at most (context, wrapped key, nonce, tag), beyond Backbone's size limit. */
    private static final int SEAL_ALLOWANCE = 4096;

    private final DecryptionKeys backboneKeys;
    private final TrustStore trust;
    private final AvroCodec codec;
    private final Clock clock;
    private final int maxMessageBytes;
    private final SecureRandom random = new SecureRandom();
    private final SessionSealer sealer;

    /**
     * @param backboneKeys the backbone's private encryption keys (current and previous)
     * @param trust        the recipients' certified encryption keys, kept current from the trust topic
     */
    public EdgeSealing(
            DecryptionKeys backboneKeys, TrustStore trust, AvroCodec codec, Clock clock, BackboneSettings settings) {
        if (!backboneKeys.owner().equals(CertificateProfiles.BACKBONE_OWNER)) {
            throw new IllegalArgumentException(
                    "the backbone opens ingress with its own keys, not " + backboneKeys.owner() + "'s");
        }
        this.backboneKeys = backboneKeys;
        this.trust = trust;
        this.codec = codec;
        this.clock = clock;
        this.maxMessageBytes = settings.maxMessageBytes();
        this.sealer = new SessionSealer(clock, random);
    }

    /** Opens an ingress record sealed to the backbone; never lets an unsealed one through. */
    public Ingress open(IngressRecord in) {
        byte[] value = in.value();
        if (value == null || value.length == 0 || value.length > maxMessageBytes + SEAL_ALLOWANCE) {
            return new Ingress.Process(in); // Backbone refuses these by size, before reading a byte
        }
        String key = in.key() == null ? "" : new String(in.key(), StandardCharsets.UTF_8);
        Opening opening = Seal.open(value, in.topic(), key, backboneKeys, Seal.KeyLookup.NONE);
        if (opening instanceof Opening.Refused r) {
            return new Ingress.Refuse(r.reason(), r.detail());
        }
        Opening.Opened opened = (Opening.Opened) opening;
        String owner = Topics.ingressOwner(in.topic());
        if (!opened.context().sender().equals(owner)) {
            return new Ingress.Refuse(
                    RejectionReason.SEAL_MISDIRECTED,
                    "sealed as sent by " + opened.context().sender() + " but published on " + in.topic());
        }
        return new Ingress.Process(
                new IngressRecord(in.topic(), in.partition(), in.offset(), in.key(), opened.plaintext()));
    }

    /**
     * The records to write for {@code outcome}: inbox copies and quarantine records sealed, each
     * with its wrapped data key for the owner's key topic; everything else as it is.
     *
     * @param arrived the ingress record as it arrived (its digest goes into a quarantine record)
     */
    public List<Output> seal(IngressRecord arrived, Outcome outcome) {
        List<Output> out = new ArrayList<>();
        for (Output output : outcome.outputs()) {
            if (output.topic().startsWith(Topics.INBOX_PREFIX)) {
                Outcome.Disseminated disseminated = (Outcome.Disseminated) outcome;
                sealCopy(output, disseminated.sender(), disseminated.messageType(), out);
            } else if (output.topic().equals(Topics.QUARANTINE)) {
                sealQuarantined(
                        output, arrived, RejectionReason.valueOf(((Outcome.Quarantined) outcome).reasonCode()), out);
            } else {
                out.add(output);
            }
        }
        return out;
    }

    /** A copy the backbone issued itself ({@link Backbone#issue}), sealed to its recipient like any other, with its key record. */
    public List<Output> sealIssued(Output copy) {
        List<Output> out = new ArrayList<>();
        Envelope envelope = decode(copy.value(), Envelope.class);
        sealCopy(copy, envelope.getSenderAgency(), envelope.getMessageType(), out);
        return out;
    }

    private void sealCopy(Output copy, String sender, String messageType, List<Output> out) {
        String recipient = copy.topic().substring(Topics.INBOX_PREFIX.length());
        EncryptionKey key = recipientKey(recipient, EncryptionRole.AGENCY);
        SealContext context = new SealContext(copy.topic(), copy.key(), sender, messageType, recipient, key.keyId());
        String ref = Seal.newKeyRef(copy.key(), random);
        Seal.Sealed sealed = sealer.sealReferenced(context, ref, copy.value(), key);
        out.add(new Output(Topics.keys(recipient), ref, sealed.key().encode()));
        out.add(new Output(copy.topic(), copy.key(), sealed.record().encode()));
    }

    private void sealQuarantined(Output quarantined, IngressRecord arrived, RejectionReason reason, List<Output> out) {
        QuarantineRecord full = decode(quarantined.value(), QuarantineRecord.class);
        QuarantineRecord.Builder kept = QuarantineRecord.newBuilder(full)
                .setOriginalKey(null)
                .setOriginalValue(null)
                .setOriginalDigest(arrived.value() == null ? null : ByteBuffer.wrap(Digests.sha256(arrived.value())))
                .setSealedOriginal(null);
        if (!AFTER_SIGNATURE.contains(reason)) {
            EncryptionKey key =
                    recipientKey(CertificateProfiles.QUARANTINE_OFFICER_OWNER, EncryptionRole.QUARANTINE_OFFICER);
            SealContext context = new SealContext(
                    Topics.QUARANTINE,
                    quarantined.key(),
                    Topics.ingressOwner(arrived.topic()),
                    "",
                    key.owner(),
                    key.keyId());
            String ref = Seal.newKeyRef(quarantined.key(), random);
            Seal.Sealed sealed = sealer.sealReferenced(context, ref, quarantined.value(), key);
            out.add(new Output(Topics.QUARANTINE_KEYS, ref, sealed.key().encode()));
            kept.setSealedOriginal(ByteBuffer.wrap(sealed.record().encode()));
        }
        out.add(new Output(Topics.QUARANTINE, quarantined.key(), encode(kept.build())));
    }

    /** No key, no delivery: the stream thread retries until a valid key is published on the trust topic. */
    private EncryptionKey recipientKey(String owner, EncryptionRole role) {
        return trust.encryptionKey(owner, role, clock.instant())
                .orElseThrow(() -> new TransientFailure(
                        "no valid " + role.name().toLowerCase() + " encryption key for " + owner
                                + " in the trust store: publish one (liaison pki issue, pki publish); nothing is written unsealed",
                        null));
    }

    private <T extends org.apache.avro.specific.SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        try {
            return codec.decodeSpecific(bytes, type);
        } catch (WireFormatException | RegistryException e) {
            throw new TransientFailure(
                    "cannot decode the backbone's own " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] encode(QuarantineRecord record) {
        try {
            return codec.encode(Topics.QUARANTINE + "-value", record);
        } catch (RegistryException e) {
            throw new TransientFailure("cannot encode " + Topics.QUARANTINE + "-value: " + e.getMessage(), e);
        }
    }
}
