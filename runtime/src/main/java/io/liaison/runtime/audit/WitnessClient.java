package io.liaison.runtime.audit;

import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.AddCheckpoint;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.NoteSignature;
import io.liaison.audit.checkpoint.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The checkpointer's side of C2SP tlog-witness {@code add-checkpoint} for one witness. It sends
 * the size it believes the witness cosigned last and the proof from that size out of its own tree
 * (it holds the whole log, so any proof is a lookup); a 409 tells it the witness's size, and it
 * retries once from there. It starts believing 0, so its first request after a start learns the
 * size. Not thread-safe: the publisher's one thread uses it.
 */
final class WitnessClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    private final HttpClient http;
    private long cosignedSize;

    WitnessClient(URI url, Optional<SSLContext> tls) {
        String base = url.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "add-checkpoint");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    URI endpoint() {
        return endpoint;
    }

    sealed interface Outcome {
        record Cosigned(List<NoteSignature> cosignatures) implements Outcome {}

        /** @param reason names the witness, its answer and what it means */
        record Refused(String reason) implements Outcome {}
    }

    /** Submits {@code note}, the signature of {@code checkpoint}, whose tree is {@code tree} (at least that size). */
    Outcome submit(SignedNote note, Checkpoint checkpoint, LogTree tree) throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            long old = cosignedSize;
            if (old > checkpoint.size()) {
                return refused("it cosigned size " + old + ", larger than this checkpoint's " + checkpoint.size()
                        + ": the log lost records or was replaced");
            }
            HttpResponse<String> response;
            try {
                response = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(TIMEOUT)
                                .header("Content-Type", "text/plain; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(new AddCheckpoint(
                                                old, tree.consistencyProof(old, checkpoint.size()), note.serialize())
                                        .body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return refused("unreachable: " + e);
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    List<NoteSignature> lines = AddCheckpoint.parseCosignatures(response.body());
                    cosignedSize = checkpoint.size();
                    return new Outcome.Cosigned(lines);
                } catch (IllegalArgumentException e) {
                    return refused("answered 200 without cosignature lines: " + e.getMessage());
                }
            }
            if (status != 409) {
                return refused("answered " + status + ": " + response.body().strip());
            }
            long reported;
            try {
                reported = Long.parseLong(response.body().strip());
            } catch (NumberFormatException e) {
                return refused("answered 409 without a size: " + response.body().strip());
            }
            cosignedSize = reported;
            if (reported == old) {
                return refused("it cosigned another root at size " + reported
                        + " (409): the log shows it a different history (a fork)");
            }
        }
        return refused("its cosigned size changed while we asked (409 twice); now " + cosignedSize);
    }

    private Outcome refused(String why) {
        return new Outcome.Refused("witness " + endpoint + " did not cosign: " + why);
    }
}
