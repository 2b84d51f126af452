package io.liaison.producer;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.EnvelopeSigner;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.RegistryException;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.SenderSignature;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a typed payload into a signed envelope: validate against the registered schema, encode in
 * wire format, commit to every field with fresh salts, sign. No Kafka: the gateway publishes what
 * this produces, and tests and benchmarks use it directly. Thread-safe.
 */
public final class MessageSealer {
    private final EnvelopeSigner signer;
    private final AvroCodec codec;
    private final Clock clock;
    private final int maxMessageBytes;
    private final SecureRandom random = new SecureRandom();

    public MessageSealer(SigningIdentity identity, AvroCodec codec, Clock clock, int maxMessageBytes) {
        this.signer = new EnvelopeSigner(identity);
        this.codec = codec;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A signed envelope and the payload bytes it carries. */
    public record Sealed(Envelope envelope, byte[] payloadBytes) {}

    public Sealed seal(GenericRecord payload, MessageHeaders headers) {
        Envelope signed = signer.sign(prepare(payload, headers));
        return new Sealed(signed, FieldCommitments.bytes(signed.getPayload()));
    }

    /** Seals several payloads under one Merkle-batch signature; each envelope still verifies on its own. */
    public List<Envelope> sealBatch(List<GenericRecord> payloads, MessageHeaders headers) {
        return signer.signBatch(payloads.stream().map(p -> prepare(p, headers)).toList());
    }

    /**
     * Everything but the signature: validates and encodes the payload, checks its size, commits to
     * every field. What {@link #signAll} then signs, alone or with others.
     *
     * @throws PublishException INVALID, TOO_LARGE or REGISTRY_UNAVAILABLE
     */
    public Envelope prepare(GenericRecord payload, MessageHeaders headers) {
        String type = payload.getSchema().getName();
        if (LiaisonSchemas.payloadSchema(type).isEmpty()) {
            throw new PublishException(
                    PublishException.Kind.INVALID,
                    "unknown message type " + type + "; expected one of " + LiaisonSchemas.messageTypes(),
                    null);
        }
        byte[] payloadBytes = encodePayload(payload);
        if (payloadBytes.length > maxMessageBytes) {
            throw new PublishException(
                    PublishException.Kind.TOO_LARGE,
                    "payload is " + payloadBytes.length + " bytes; the maximum is " + maxMessageBytes,
                    null);
        }
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return Envelope.newBuilder()
                .setMessageId(UUID.randomUUID().toString())
                .setSenderAgency(signer.identity().owner())
                .setKeyId(signer.identity().keyId())
                .setCreatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setMessageType(type)
                .setClassification(headers.classification())
                .setCaveats(headers.caveats())
                .setReleasability(headers.releasability())
                .setPayload(ByteBuffer.wrap(payloadBytes))
                .setCommitments(FieldCommitments.commit(payload, seed))
                .setSignature(new SenderSignature(Ed25519.ALGORITHM, ByteBuffer.allocate(0), null))
                .setAttestation(null)
                .build();
    }

    /**
     * Signs prepared envelopes in place with one signature: a plain one for a single envelope, a
     * Merkle-batch signature with an inclusion path in each envelope for several.
     */
    public List<Envelope> signAll(List<Envelope> prepared) {
        return signer.signBatch(prepared);
    }

    private byte[] encodePayload(GenericRecord payload) {
        try {
            return codec.encode(payload.getSchema().getFullName(), payload);
        } catch (RegistryException.Unreachable | RegistryException.Failed e) {
            throw new PublishException(PublishException.Kind.REGISTRY_UNAVAILABLE, e.getMessage(), e);
        } catch (RegistryException e) {
            throw new PublishException(
                    PublishException.Kind.INVALID, "payload schema rejected by the registry: " + e.getMessage(), e);
        } catch (org.apache.avro.AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new PublishException(
                    PublishException.Kind.INVALID, "payload does not match its schema: " + e.getMessage(), e);
        }
    }
}
