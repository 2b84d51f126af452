package io.liaison.producer;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.envelope.FieldCommitments;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryException;
import io.liaison.schemas.envelope.Envelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agency's way onto the backbone: validates a typed payload against its registered schema,
 * wraps it in an envelope with salted field commitments, signs it (alone, or with concurrent
 * messages as one Merkle batch when {@link AgencyGatewayConfig#batchSigning()} is on), seals it to
 * the backbone's encryption key (docs/encryption.md: the signature stays over the plaintext), and
 * publishes it to the agency's ingress topic with an idempotent producer. A {@link Receipt} is returned only after
 * the broker acknowledged the record with {@code acks=all}. Thread-safe.
 *
 * <p>A publish never waits longer than the delivery timeout, plus at most {@link #METADATA_WAIT} in
 * {@link #send} for the cluster's metadata. Once the cluster has taken none of this gateway's
 * records for the delivery timeout ({@link ClusterAvailability}), {@link #send} refuses at once with
 * {@link PublishException.Kind#CLUSTER_UNAVAILABLE}, sending nothing, until the cluster acknowledges
 * or answers a {@link ClusterProbe} again: callers see one wait for the outage, not one per message.
 *
 * <p>{@link #publishAsync} is {@link #sign} then {@link #send}. Callers that must be able to retry
 * without publishing twice (the HTTP ingest's Idempotency-Key) keep the {@link SignedMessage} and
 * {@link #send} it again: same bytes, same message id, delivered at most once by the backbone.
 */
public final class AgencyGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgencyGateway.class);
    private static final int PRODUCER_LINGER_MS = 5;
    /**
     * The longest {@link #send} blocks its caller ({@code max.block.ms}): waiting for the topic's
     * metadata, or for buffer space. Kafka's default (60 s) held a thread per record for as long when
     * the cluster was gone; a first metadata fetch over TLS and SCRAM takes well under a second.
     */
    public static final Duration METADATA_WAIT = Duration.ofSeconds(5);

    private final AgencyGatewayConfig config;
    private final MessageSealer sealer;
    private final AvroCodec codec;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final BatchSigner batchSigner;
    private final IngressSealer ingress;
    private final Clock clock;
    private final ClusterAvailability availability;
    private final ClusterProbe probe;
    private final List<KafkaClientMetrics> clientMetrics = new CopyOnWriteArrayList<>();

    /**
     * A gateway over {@code producer}, which should log in as {@code config} says: while the cluster
     * is unavailable, an admin client with {@code config}'s bootstrap servers and Kafka overrides asks
     * it whether it answers again.
     *
     * @param ingress seals each envelope to the backbone's current encryption key
     */
    public AgencyGateway(
            AgencyGatewayConfig config,
            SigningIdentity identity,
            IngressSealer ingress,
            AvroCodec codec,
            Producer<String, byte[]> producer,
            Clock clock) {
        if (!identity.owner().equals(config.agency())) {
            throw new IllegalArgumentException(
                    "gateway for agency " + config.agency() + " cannot sign with a key owned by " + identity.owner());
        }
        this.config = config;
        this.ingress = ingress;
        this.sealer = new MessageSealer(identity, codec, clock, config.maxMessageBytes());
        this.codec = codec;
        this.producer = producer;
        this.topic = Topics.ingress(config.agency());
        this.batchSigner = config.batchSigning().enabled()
                ? new BatchSigner(
                        sealer, this::encode, config.batchSigning(), "liaison-batch-signer-" + config.agency())
                : null;
        this.clock = clock;
        this.availability = new ClusterAvailability(config.agency(), config.deliveryTimeout());
        this.probe = new ClusterProbe(config, topic, metadataWait(config));
    }

    /**
     * A gateway with its own registry client and idempotent Kafka producer.
     *
     * @param trust where the backbone's certified encryption key comes from (kept current from the trust topic)
     */
    public static AgencyGateway connect(AgencyGatewayConfig config, SigningIdentity identity, TrustStore trust) {
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(config.registry()), config.autoRegisterSchemas());
        return new AgencyGateway(
                config,
                identity,
                new IngressSealer(trust, Clock.systemUTC()),
                codec,
                new KafkaProducer<>(producerProperties(config), new StringSerializer(), new ByteArraySerializer()),
                Clock.systemUTC());
    }

    static Map<String, Object> producerProperties(AgencyGatewayConfig config) {
        long delivery = config.deliveryTimeout().toMillis();
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, PRODUCER_LINGER_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        // Retries end before the delivery timeout (backoff grows to 1 s), so a broker that keeps refusing
        // (not enough in-sync replicas) is reported with its own error instead of an anonymous timeout.
        p.put(ProducerConfig.RETRIES_CONFIG, Math.max(5, (int) (delivery * 3 / 4 / 1000)));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(delivery - PRODUCER_LINGER_MS, 15_000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, metadataWait(config).toMillis());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxMessageBytes() + 64 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "liaison-gateway-" + config.agency());
        p.putAll(config.kafkaOverrides());
        return p;
    }

    private static Duration metadataWait(AgencyGatewayConfig config) {
        return config.deliveryTimeout().compareTo(METADATA_WAIT) < 0 ? config.deliveryTimeout() : METADATA_WAIT;
    }

    public String agency() {
        return config.agency();
    }

    public AgencyGatewayConfig config() {
        return config;
    }

    /** Validates, encodes, commits and signs, without publishing. Always signs on its own, never in a batch. */
    public MessageSealer.Sealed seal(GenericRecord payload, MessageHeaders headers) {
        return sealer.seal(payload, headers);
    }

    /** The codec this gateway validates and encodes with. */
    public AvroCodec codec() {
        return codec;
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public Receipt publish(GenericRecord payload, MessageHeaders headers) {
        try {
            return publishAsync(payload, headers)
                    .get(config.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Kind.BROKER_UNAVAILABLE, "interrupted while publishing", e);
        } catch (TimeoutException e) {
            throw new PublishException(
                    PublishException.Kind.BROKER_UNAVAILABLE,
                    "broker did not acknowledge within " + config.deliveryTimeout(),
                    e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishException p ? p : brokerFailure(e.getCause());
        }
    }

    /**
     * Publishes without waiting; the future completes with the receipt once the broker acknowledged,
     * or exceptionally with a {@link PublishException}. Validation errors throw immediately.
     */
    public CompletableFuture<Receipt> publishAsync(GenericRecord payload, MessageHeaders headers) {
        return sign(payload, headers).thenCompose(this::send);
    }

    /**
     * Validates, encodes and commits now, in the caller's thread, then signs: at once, or with the
     * next Merkle batch when batch signing is on. The future fails with a {@link PublishException}
     * if the signed envelope cannot be encoded (registry unavailable, too large).
     *
     * @throws PublishException INVALID, TOO_LARGE or REGISTRY_UNAVAILABLE, before anything was signed
     */
    public CompletableFuture<SignedMessage> sign(GenericRecord payload, MessageHeaders headers) {
        Envelope prepared = sealer.prepare(payload, headers);
        if (batchSigner != null) {
            return batchSigner.submit(prepared);
        }
        try {
            sealer.signAll(List.of(prepared));
            return CompletableFuture.completedFuture(encode(prepared));
        } catch (PublishException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends a signed message to the ingress topic; the future completes once the broker acknowledged
     * it, or fails with a {@link PublishException}: BROKER_UNAVAILABLE, TOO_LARGE, or at once
     * CLUSTER_UNAVAILABLE while the cluster is unavailable (nothing sent). Sending the same message
     * again is safe: the backbone delivers one message id at most once.
     */
    public CompletableFuture<Receipt> send(SignedMessage message) {
        if (availability.state() instanceof ClusterAvailability.State.Unavailable unavailable) {
            probe.probe(() -> availability.reached(clock.instant()));
            return CompletableFuture.failedFuture(availability.refusal(unavailable.since()));
        }
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        Instant sentAt = clock.instant();
        try {
            producer.send(
                    new ProducerRecord<>(topic, message.messageId(), message.envelopeBytes()), (metadata, error) -> {
                        if (error != null) {
                            noteFailure(sentAt, error);
                            receipt.completeExceptionally(brokerFailure(error));
                        } else {
                            availability.reached(clock.instant());
                            LOG.debug(
                                    "published {} {} to {}-{}@{}",
                                    message.messageType(),
                                    message.messageId(),
                                    metadata.topic(),
                                    metadata.partition(),
                                    metadata.offset());
                            receipt.complete(new Receipt(
                                    message.messageId(),
                                    metadata.topic(),
                                    metadata.partition(),
                                    metadata.offset(),
                                    message.payloadDigest()));
                        }
                    });
        } catch (RuntimeException e) {
            noteFailure(sentAt, e);
            receipt.completeExceptionally(brokerFailure(e));
        }
        return receipt;
    }

    /** Retriable errors are the ones a cluster that is not there causes: expired batches, metadata or buffer waits. */
    private void noteFailure(Instant sentAt, Throwable error) {
        if (error instanceof RetriableException) {
            availability.unreachable(sentAt, clock.instant());
        }
    }

    private SignedMessage encode(Envelope signed) {
        byte[] bytes = sealForBackbone(signed.getMessageId(), signed.getMessageType(), encodeEnvelope(signed));
        return new SignedMessage(
                signed.getMessageId(),
                signed.getMessageType(),
                bytes,
                Digests.hex(Digests.sha256(FieldCommitments.bytes(signed.getPayload()))));
    }

    /**
     * The ingress record value for an encoded envelope: sealed to the backbone's current encryption
     * key, bound to this agency's ingress topic and the message id (the record key).
     *
     * @throws PublishException NO_BACKBONE_KEY when no backbone encryption key is trusted now
     */
    public byte[] sealForBackbone(String messageId, String messageType, byte[] envelopeBytes) {
        return ingress.seal(config.agency(), messageId, messageType, envelopeBytes);
    }

    private byte[] encodeEnvelope(Envelope envelope) {
        try {
            byte[] bytes = codec.encode(topic + "-value", envelope);
            if (bytes.length > config.maxMessageBytes()) {
                throw new PublishException(
                        PublishException.Kind.TOO_LARGE,
                        "envelope is " + bytes.length + " bytes; the maximum is " + config.maxMessageBytes(),
                        null);
            }
            return bytes;
        } catch (RegistryException.Unreachable | RegistryException.Failed e) {
            throw new PublishException(PublishException.Kind.REGISTRY_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private static PublishException brokerFailure(Throwable error) {
        if (error instanceof PublishException p) {
            return p;
        }
        if (error instanceof RecordTooLargeException) {
            return new PublishException(PublishException.Kind.TOO_LARGE, error.getMessage(), error);
        }
        if (error instanceof NotEnoughReplicasException) {
            return new PublishException(
                    PublishException.Kind.BROKER_UNAVAILABLE,
                    "broker did not acknowledge: not enough in-sync replicas (NOT_ENOUGH_REPLICAS): "
                            + error.getMessage(),
                    error);
        }
        return new PublishException(
                PublishException.Kind.BROKER_UNAVAILABLE, "broker did not acknowledge: " + error.getMessage(), error);
    }

    /**
     * Signs what is queued for a batch, then waits for what is in flight (each record at most its
     * delivery timeout) and closes the producer.
     */
    @Override
    public void close() {
        probe.close();
        if (batchSigner != null) {
            batchSigner.close();
        }
        producer.close();
        clientMetrics.forEach(KafkaClientMetrics::close);
    }

    /** Binds the producer's Kafka client meters (sends, errors, retries, latency) to {@code registry} until closed. */
    public void bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        clientMetrics.add(metrics);
    }
}
