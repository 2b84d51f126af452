package io.liaison.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.producer.MessageHeaders;
import io.liaison.schemas.envelope.Classification;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {
    @Test
    void headersBecomeTheMessagesHandlingMarks() {
        RequestHeaders.Parsed parsed = RequestHeaders.parse(Map.of(
                RequestHeaders.CLASSIFICATION, "CUI",
                RequestHeaders.CAVEATS, "PII, ORCON",
                RequestHeaders.RELEASABLE_TO, "ice,guard",
                RequestHeaders.IDEMPOTENCY_KEY, "3f1c-42")::get);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.headers())
                .isEqualTo(new MessageHeaders(Classification.CUI, List.of("PII", "ORCON"), List.of("ice", "guard")));
        assertThat(parsed.idempotencyKey()).contains("3f1c-42");
    }

    @Test
    void withoutAClassificationAMessageIsMarkedMostRestrictive() {
        RequestHeaders.Parsed parsed = RequestHeaders.parse(Map.<String, String>of()::get);

        assertThat(parsed.headers().classification()).isEqualTo(Classification.LAW_ENFORCEMENT_SENSITIVE);
        assertThat(parsed.idempotencyKey()).isEqualTo(Optional.empty());
    }

    @Test
    void everyBadHeaderIsNamed() {
        RequestHeaders.Parsed parsed = RequestHeaders.parse(Map.of(
                RequestHeaders.CLASSIFICATION, "SECRET",
                RequestHeaders.CAVEATS, "pii",
                RequestHeaders.RELEASABLE_TO, "ICE",
                RequestHeaders.IDEMPOTENCY_KEY, "has space")::get);

        assertThat(parsed.headers()).isNull();
        assertThat(parsed.errors())
                .extracting(ApiError.Field::path)
                .containsExactly(
                        RequestHeaders.CLASSIFICATION,
                        RequestHeaders.CAVEATS,
                        RequestHeaders.RELEASABLE_TO,
                        RequestHeaders.IDEMPOTENCY_KEY);
        assertThat(parsed.errors().get(0).problem())
                .isEqualTo("expected one of [UNCLASSIFIED, CUI, LAW_ENFORCEMENT_SENSITIVE], got \"SECRET\"");
    }
}
