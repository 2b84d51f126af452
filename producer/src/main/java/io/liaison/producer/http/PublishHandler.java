package io.liaison.producer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.liaison.controlplane.ControlPlane;
import io.liaison.controlplane.Readiness;
import io.liaison.kernel.crypto.Digests;
import io.liaison.producer.AgencyGateway;
import io.liaison.producer.MessageHeaders;
import io.liaison.producer.PublishException;
import io.liaison.producer.Receipt;
import io.liaison.producer.http.IngestMetrics.Rejection;
import io.liaison.producer.json.JsonToAvro;
import io.liaison.producer.json.JsonToAvroException;
import io.liaison.schemas.LiaisonSchemas;
import io.liaison.web.auth.Authentication;
import io.liaison.web.auth.Authenticator;
import io.liaison.web.auth.CallerIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/messages/{type}}: refuse while the trust store may be stale (503), authenticate
 * against the live trust store, check the caller's agency, convert the JSON body
 * to the type's Avro record, then publish through the gateway (under the Idempotency-Key when one
 * is given) and answer with the receipt once the broker acknowledged. Every refusal names what to fix.
 */
final class PublishHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final AgencyGateway gateway;
    private final ControlPlane controlPlane;
    private final Authenticator authenticator;
    private final IdempotencyCache idempotency;
    private final IngestMetrics metrics;
    private final IngestServerConfig config;
    private final ObjectMapper json;

    PublishHandler(
            AgencyGateway gateway,
            ControlPlane controlPlane,
            Authenticator authenticator,
            IdempotencyCache idempotency,
            IngestMetrics metrics,
            IngestServerConfig config,
            ObjectMapper json) {
        this.gateway = gateway;
        this.controlPlane = controlPlane;
        this.authenticator = authenticator;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.config = config;
        this.json = json;
    }

    /** The receipt as the 201 body states it. */
    record ReceiptBody(
            String messageId, String topic, int partition, long offset, String payloadDigest, boolean replayed) {
        static ReceiptBody of(Receipt r, boolean replayed) {
            return new ReceiptBody(r.messageId(), r.topic(), r.partition(), r.offset(), r.payloadDigest(), replayed);
        }
    }

    void handle(Context ctx) {
        long started = System.nanoTime();
        if (controlPlane.readiness(config.controlPlaneMaxLag()) instanceof Readiness.NotReady notReady) {
            unavailable(
                    ctx,
                    Rejection.NOT_READY,
                    "not ready: " + notReady.reason(),
                    "nothing was published; retry once GET /ready answers 200");
            return;
        }
        Authentication auth = authenticator.authenticate(
                ctx.req().getAttribute(CLIENT_CERTIFICATES) instanceof X509Certificate[] chain ? chain : null,
                ctx.header("Authorization"));
        if (auth instanceof Authentication.Unauthenticated refused) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"liaison\"");
            reject(ctx, 401, Rejection.UNAUTHENTICATED, ApiError.of(refused.reason()));
            return;
        }
        CallerIdentity caller = ((Authentication.Authenticated) auth).identity();
        if (!caller.agency().equals(gateway.agency())) {
            reject(
                    ctx,
                    403,
                    Rejection.FORBIDDEN,
                    ApiError.of("authenticated as agency " + caller.agency() + "; this gateway publishes only as "
                            + gateway.agency()));
            return;
        }
        String type = ctx.pathParam("type");
        Optional<Schema> schema = LiaisonSchemas.payloadSchema(type);
        if (schema.isEmpty()) {
            reject(
                    ctx,
                    404,
                    Rejection.UNKNOWN_TYPE,
                    ApiError.of(
                            "unknown message type",
                            List.of(new ApiError.Field(
                                    "path",
                                    "type",
                                    "not_in_enum",
                                    "unknown message type \"" + type + "\"; expected one of "
                                            + LiaisonSchemas.messageTypes()))));
            return;
        }
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            reject(
                    ctx,
                    415,
                    Rejection.INVALID_REQUEST,
                    ApiError.of("Content-Type must be application/json, was " + contentType));
            return;
        }
        if (ctx.req().getContentLengthLong() > config.maxRequestBytes()) {
            reject(
                    ctx,
                    413,
                    Rejection.TOO_LARGE,
                    ApiError.of("request body is " + ctx.req().getContentLengthLong() + " bytes; the maximum is "
                            + config.maxRequestBytes()));
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        RequestHeaders.Parsed parsed = RequestHeaders.parse(ctx::header);
        if (!parsed.errors().isEmpty()) {
            reject(ctx, 400, Rejection.INVALID_REQUEST, ApiError.of("invalid request headers", parsed.errors()));
            return;
        }
        GenericRecord payload;
        try {
            payload = JsonToAvro.convert(new String(body, StandardCharsets.UTF_8), schema.get());
        } catch (JsonToAvroException e) {
            reject(
                    ctx,
                    400,
                    Rejection.INVALID_PAYLOAD,
                    ApiError.of(
                            "the body does not fit " + type,
                            e.errors().stream().map(ApiError.Field::body).toList()));
            return;
        }
        MessageHeaders headers = parsed.headers();
        IdempotencyCache.Attempt attempt;
        try {
            attempt = parsed.idempotencyKey().isPresent()
                    ? idempotency.publish(
                            parsed.idempotencyKey().get(),
                            fingerprint(type, headers, body),
                            () -> gateway.sign(payload, headers),
                            gateway::send)
                    : new IdempotencyCache.Attempt(
                            gateway.sign(payload, headers).thenCompose(gateway::send), false);
        } catch (IdempotencyCache.KeyReusedException e) {
            reject(ctx, 422, Rejection.IDEMPOTENCY_KEY_REUSED, ApiError.of(e.getMessage()));
            return;
        } catch (PublishException e) {
            refuse(ctx, e, parsed.idempotencyKey().isPresent());
            return;
        }
        ctx.future(() -> attempt.receipt().handle((receipt, error) -> {
            if (error == null) {
                metrics.accepted(attempt.replayed(), System.nanoTime() - started);
                if (attempt.replayed()) {
                    ctx.header(REPLAYED_HEADER, "true");
                }
                respond(ctx, 201, ReceiptBody.of(receipt, attempt.replayed()));
            } else {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof PublishException p) {
                    refuse(ctx, p, parsed.idempotencyKey().isPresent());
                } else {
                    LOG.error("publishing a {} failed unexpectedly", type, cause);
                    reject(
                            ctx,
                            500,
                            Rejection.INTERNAL_ERROR,
                            ApiError.of("internal error; nothing is known to be published"));
                }
            }
            return null;
        }));
    }

    /**
     * Answers a {@link PublishException}: 400, 413 or 503 with Retry-After. While the cluster is
     * unavailable the gateway refuses before sending, so the 503 comes at once: no request thread
     * waits for metadata or an acknowledgement that cannot come.
     */
    private void refuse(Context ctx, PublishException e, boolean withKey) {
        switch (e.kind()) {
            case INVALID -> reject(ctx, 400, Rejection.INVALID_PAYLOAD, ApiError.of(e.getMessage()));
            case TOO_LARGE -> reject(ctx, 413, Rejection.TOO_LARGE, ApiError.of(e.getMessage()));
            case REGISTRY_UNAVAILABLE ->
                unavailable(
                        ctx,
                        Rejection.REGISTRY_UNAVAILABLE,
                        "schema registry unavailable: " + e.getMessage(),
                        "nothing was published (the message was not signed or sent); retrying is safe");
            case NO_BACKBONE_KEY ->
                unavailable(
                        ctx,
                        Rejection.NO_BACKBONE_KEY,
                        e.getMessage(),
                        "nothing was published (a message is never sent unsealed); retrying is safe");
            case BROKER_UNAVAILABLE ->
                unavailable(
                        ctx,
                        Rejection.BROKER_UNAVAILABLE,
                        "broker unavailable: " + e.getMessage(),
                        withKey
                                ? "the message may still be delivered; retry with the same Idempotency-Key: it re-sends the same signed "
                                        + "message (same message id), which the backbone delivers at most once"
                                : "the message may still be delivered; a retry without an Idempotency-Key publishes a second message "
                                        + "with a new id: send an Idempotency-Key to make retries safe");
            case CLUSTER_UNAVAILABLE ->
                unavailable(
                        ctx,
                        Rejection.CLUSTER_UNAVAILABLE,
                        "Kafka cluster unavailable: " + e.getMessage(),
                        "nothing was published (the gateway did not send the message); retrying is safe");
        }
    }

    private void unavailable(Context ctx, Rejection reason, String error, String advice) {
        ctx.header("Retry-After", Long.toString(config.retryAfter().toSeconds()));
        reject(ctx, 503, reason, ApiError.unavailable(reason.label(), error, advice));
    }

    private void reject(Context ctx, int status, Rejection reason, ApiError error) {
        metrics.rejected(reason);
        respond(ctx, status, error);
    }

    private void respond(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings and numbers always serialise", e);
        }
    }

    /** Digest of what makes two requests the same message: type, handling marks and body bytes. */
    private static String fingerprint(String type, MessageHeaders headers, byte[] body) {
        MessageDigest digest = Digests.sha256();
        String marks = type + "\n" + headers.classification() + "\n" + headers.caveats() + "\n"
                + headers.releasability() + "\n";
        digest.update(marks.getBytes(StandardCharsets.UTF_8));
        digest.update(body);
        return Digests.hex(digest.digest());
    }
}
