package io.liaison.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.kernel.envelope.SenderVerifier;
import io.liaison.registry.AvroCodec;
import io.liaison.registry.InMemorySchemaRegistryClient;
import io.liaison.schemas.envelope.Classification;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.samples.SamplePayloads;
import io.liaison.testing.TestPki;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BatchSignerTest {
    private final TestPki identities = new TestPki("Test Root");
    private final AvroCodec codec = new AvroCodec(new InMemorySchemaRegistryClient(), true);
    private final MessageSealer sealer =
            new MessageSealer(identities.agency("cpd"), codec, Clock.systemUTC(), 512 * 1024);

    @Test
    void messagesWithinTheLingerShareOneSignatureAndEachVerifiesOnItsOwn() {
        List<Envelope> signed = new ArrayList<>();
        List<CompletableFuture<SignedMessage>> results = new ArrayList<>();
        try (BatchSigner signer = new BatchSigner(
                sealer, e -> record(e, signed), new BatchSigning(true, Duration.ofSeconds(1), 4), "test")) {
            for (int i = 0; i < 4; i++) {
                results.add(signer.submit(sealer.prepare(
                        SamplePayloads.sitrep("SR-" + i, Instant.now()), MessageHeaders.of(Classification.CUI))));
            }
            results.forEach(CompletableFuture::join); // maxBatch reached: signed without waiting out the linger
        }

        assertThat(signed).hasSize(4);
        assertThat(signed)
                .extracting(e -> e.getSignature().getValue())
                .containsOnly(signed.get(0).getSignature().getValue());
        assertThat(signed)
                .extracting(e -> e.getSignature().getBatch().getBatchSize())
                .containsOnly(4);
        SenderVerifier verifier = new SenderVerifier(identities.trust());
        assertThat(signed)
                .allSatisfy(e ->
                        assertThat(verifier.verify(e, Instant.now()).accepted()).isTrue());
    }

    @Test
    void closeSignsWhatIsStillQueued() {
        List<Envelope> signed = new ArrayList<>();
        CompletableFuture<SignedMessage> result;
        try (BatchSigner signer = new BatchSigner(
                sealer, e -> record(e, signed), new BatchSigning(true, Duration.ofSeconds(1), 64), "test")) {
            result = signer.submit(sealer.prepare(
                    SamplePayloads.sitrep("SR-9", Instant.now()), MessageHeaders.of(Classification.CUI)));
        }

        assertThat(result).isCompleted();
        assertThat(signed)
                .singleElement()
                .satisfies(e -> assertThat(e.getSignature().getBatch())
                        .as("a batch of one is signed plainly")
                        .isNull());
    }

    private static synchronized SignedMessage record(Envelope e, List<Envelope> signed) {
        signed.add(e);
        return new SignedMessage(e.getMessageId(), e.getMessageType(), new byte[0], "digest");
    }
}
