package io.liaison.producer;

import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.topics.Topics;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.ConfluentRegistryClient;
import io.liaison.registry.RegistryClientConfig;
import io.liaison.registry.RegistryException;
import io.liaison.schemas.envelope.Envelope;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agency's way onto the backbone: validates a typed payload against its registered schema,
 * wraps it in an envelope with salted field commitments, signs it, and publishes it to the
 * agency's ingress topic with an idempotent producer. A {@link Receipt} is returned only after the
 * broker acknowledged the record with {@code acks=all}. Thread-safe.
 */
public final class AgencyGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgencyGateway.class);

    private final GatewayConfig config;
    private final MessageSealer sealer;
    private final AvroCodec codec;
    private final Producer<String, byte[]> producer;
    private final String topic;

    public AgencyGateway(GatewayConfig config, SigningIdentity identity, AvroCodec codec,
                         Producer<String, byte[]> producer, Clock clock) {
        if (!identity.owner().equals(config.agency())) {
            throw new IllegalArgumentException("gateway for agency " + config.agency()
                    + " cannot sign with a key owned by " + identity.owner());
        }
        this.config = config;
        this.sealer = new MessageSealer(identity, codec, clock, config.maxMessageBytes());
        this.codec = codec;
        this.producer = producer;
        this.topic = Topics.ingress(config.agency());
    }

    /** A gateway with its own registry client and idempotent Kafka producer. */
    public static AgencyGateway connect(GatewayConfig config, SigningIdentity identity) {
        AvroCodec codec = new AvroCodec(new ConfluentRegistryClient(RegistryClientConfig.of(config.registryUrl())),
                config.autoRegisterSchemas());
        return new AgencyGateway(config, identity, codec, new KafkaProducer<>(producerProperties(config),
                new StringSerializer(), new ByteArraySerializer()), Clock.systemUTC());
    }

    static Map<String, Object> producerProperties(GatewayConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.deliveryTimeout().toMillis(), 15_000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.deliveryTimeout().toMillis());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxMessageBytes() + 64 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "liaison-gateway-" + config.agency());
        p.putAll(config.kafkaOverrides());
        return p;
    }

    public String agency() {
        return config.agency();
    }

    /** Validates, encodes, commits and signs, without publishing. */
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
            return publishAsync(payload, headers).get(config.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Kind.BROKER_UNAVAILABLE, "interrupted while publishing", e);
        } catch (TimeoutException e) {
            throw new PublishException(PublishException.Kind.BROKER_UNAVAILABLE,
                    "broker did not acknowledge within " + config.deliveryTimeout(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishException p ? p : brokerFailure(e.getCause());
        }
    }

    /**
     * Publishes without waiting; the future completes with the receipt once the broker acknowledged,
     * or exceptionally with a {@link PublishException}. Validation errors throw immediately.
     */
    public CompletableFuture<Receipt> publishAsync(GenericRecord payload, MessageHeaders headers) {
        MessageSealer.Sealed sealed = sealer.seal(payload, headers);
        byte[] value = encodeEnvelope(sealed.envelope());
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        String messageId = sealed.envelope().getMessageId();
        try {
            producer.send(new ProducerRecord<>(topic, messageId, value), (metadata, error) -> {
                if (error != null) {
                    receipt.completeExceptionally(brokerFailure(error));
                } else {
                    LOG.debug("published {} {} to {}-{}@{}", sealed.envelope().getMessageType(), messageId,
                            metadata.topic(), metadata.partition(), metadata.offset());
                    receipt.complete(new Receipt(messageId, metadata.topic(), metadata.partition(), metadata.offset(),
                            Digests.hex(Digests.sha256(sealed.payloadBytes()))));
                }
            });
        } catch (RuntimeException e) {
            receipt.completeExceptionally(brokerFailure(e));
        }
        return receipt;
    }

    private byte[] encodeEnvelope(Envelope envelope) {
        try {
            byte[] bytes = codec.encode(topic + "-value", envelope);
            if (bytes.length > config.maxMessageBytes()) {
                throw new PublishException(PublishException.Kind.TOO_LARGE, "envelope is " + bytes.length
                        + " bytes; the maximum is " + config.maxMessageBytes(), null);
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
        return new PublishException(PublishException.Kind.BROKER_UNAVAILABLE,
                "broker did not acknowledge: " + error.getMessage(), error);
    }

    /** Flushes what is in flight and closes the producer. */
    @Override
    public void close() {
        producer.close();
    }
}
