package io.liaison.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.kernel.envelope.RejectionReason;
import io.liaison.kernel.envelope.SenderVerifier;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.Opening;
import io.liaison.kernel.seal.Seal;
import io.liaison.kernel.seal.SealedRecord;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import io.liaison.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class IngressSealingTest {
    private final TestPki pki = new TestPki("Test Root");
    private final AvroCodec codec = new AvroCodec(new InMemorySchemaRegistryClient(), true);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    private AgencyGateway gateway() {
        return new AgencyGateway(
                AgencyGatewayConfig.defaults("cpd", "unused:9092", "http://unused")
                        .withBatchSigning(BatchSigning.OFF),
                pki.agency("cpd"),
                new IngressSealer(pki.trust(), Clock.systemUTC()),
                codec,
                producer,
                Clock.systemUTC());
    }

    @Test
    void theGatewaySealsEachMessageToTheBackboneAndTheSignatureStaysOverThePlaintext() {
        DecryptionKeys backbone = pki.backboneEncryption();
        DecryptionKeys ice = pki.agencyEncryption("ice");
        try (AgencyGateway cpd = gateway()) {
            Receipt receipt = cpd.publish(
                    SamplePayloads.shotsFiredReport("CPD-1", Instant.now()),
                    MessageHeaders.of(Classification.LAW_ENFORCEMENT_SENSITIVE, "PII"));

            ProducerRecord<String, byte[]> sent = producer.history().get(0);
            assertThat(sent.key()).isEqualTo(receipt.messageId());
            assertThat(SealedRecord.isSealed(sent.value())).isTrue();
            assertThat(new String(sent.value(), StandardCharsets.ISO_8859_1)).doesNotContain("Daniel Reyes");
            assertThat(SealedRecord.decode(sent.value()).context()).satisfies(c -> {
                assertThat(c.topic()).isEqualTo("ingress.cpd");
                assertThat(c.messageId()).isEqualTo(receipt.messageId());
                assertThat(c.sender()).isEqualTo("cpd");
                assertThat(c.messageType()).isEqualTo("IncidentReport");
                assertThat(c.recipient()).isEqualTo("backbone");
            });

            Opening opened = Seal.open(sent.value(), "ingress.cpd", sent.key(), backbone, Seal.KeyLookup.NONE);
            Envelope envelope = codec.decodeSpecific(((Opening.Opened) opened).plaintext(), Envelope.class);
            assertThat(new SenderVerifier(pki.trust())
                            .verify(envelope, Instant.now())
                            .accepted())
                    .isTrue();
            assertThat(Seal.open(sent.value(), "ingress.cpd", sent.key(), ice, Seal.KeyLookup.NONE))
                    .extracting(o -> ((Opening.Refused) o).reason())
                    .isEqualTo(RejectionReason.SEAL_MISDIRECTED);
        }
    }

    @Test
    void withoutABackboneKeyNothingIsSentAndTheRefusalSaysWhy() {
        try (AgencyGateway cpd = gateway()) {
            assertThatThrownBy(() -> cpd.publish(
                            SamplePayloads.sitrep("SR-1", Instant.now()), MessageHeaders.of(Classification.CUI)))
                    .isInstanceOfSatisfying(PublishException.class, e -> {
                        assertThat(e.kind()).isEqualTo(PublishException.Kind.NO_BACKBONE_KEY);
                        assertThat(e.getMessage()).contains("never sent unsealed");
                    });
        }
        assertThat(producer.history()).isEmpty();
    }
}
