package io.liaison.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedFilterTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    private static InboxEvent.Message message(
            String type, List<String> caveats, Instant createdAt, String purpose, String text) {
        return new InboxEvent.Message(0, 0, "id", type, caveats, createdAt, purpose, text, "{}");
    }

    private static FeedFilter parse(String... pairs) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return FeedFilter.parse(query);
    }

    @Test
    void keepsOnlyCopiesReleasedForTheDeclaredPurpose() {
        FeedFilter filter = parse("purpose", "crowd-safety");
        assertThat(filter.matches(message("IncidentReport", List.of(), T, "crowd-safety", "")))
                .isTrue();
        assertThat(filter.matches(message("IncidentReport", List.of(), T, "violent-crime-investigation", "")))
                .isFalse();
    }

    @Test
    void filtersByTypeCaveatTimeWindowAndText() {
        FeedFilter filter = parse(
                "purpose",
                "crowd-safety",
                "type",
                "IncidentReport,SituationReport",
                "caveat",
                "PII",
                "since",
                "2026-05-01T11:00:00Z",
                "until",
                "2026-05-01T13:00:00Z",
                "q",
                "Madison");
        assertThat(filter.matches(message("SituationReport", List.of("PII"), T, "crowd-safety", "near w madison st")))
                .isTrue();
        assertThat(filter.matches(message("WarrantNotice", List.of("PII"), T, "crowd-safety", "madison")))
                .isFalse();
        assertThat(filter.matches(message("SituationReport", List.of("ORCON"), T, "crowd-safety", "madison")))
                .isFalse();
        assertThat(filter.matches(
                        message("SituationReport", List.of("PII"), T.minusSeconds(7200), "crowd-safety", "madison")))
                .isFalse();
        assertThat(filter.matches(message(
                        "SituationReport",
                        List.of("PII"),
                        Instant.parse("2026-05-01T13:00:00Z"),
                        "crowd-safety",
                        "madison")))
                .isFalse();
        assertThat(filter.matches(message("SituationReport", List.of("PII"), T, "crowd-safety", "kedzie")))
                .isFalse();
    }

    @Test
    void repeatedAndCommaSeparatedTypesAddUp() {
        assertThat(parse("purpose", "p", "type", "IncidentReport", "type", "WarrantNotice,SituationReport")
                        .types())
                .containsExactlyInAnyOrder("IncidentReport", "WarrantNotice", "SituationReport");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "type | Bogus | type | unknown message type 'Bogus'",
                "caveat | a b | caveat | must match",
                "since | yesterday | since | is not an ISO-8601 instant",
                "until | 2026-05-01 | until | is not an ISO-8601 instant",
                "q | '   ' | q | 1 to 200 characters",
                "type | IncidentReport, | type | empty item",
            })
    void malformedValuesNameTheirParameter(String name, String value, String parameter, String message) {
        assertThatThrownBy(() -> parse("purpose", "crowd-safety", name, value))
                .isInstanceOfSatisfying(
                        BadParameter.class, e -> assertThat(e.parameter()).isEqualTo(parameter))
                .hasMessageContaining(message);
    }

    @Test
    void thePurposeIsRequiredAndWellFormed() {
        assertThatThrownBy(() -> parse("type", "IncidentReport"))
                .isInstanceOfSatisfying(
                        BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("purpose"));
        assertThatThrownBy(() -> parse("purpose", "Crowd Safety"))
                .isInstanceOfSatisfying(
                        BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("purpose"));
    }

    @Test
    void untilMustFollowSince() {
        assertThatThrownBy(
                        () -> parse("purpose", "p", "since", "2026-05-01T12:00:00Z", "until", "2026-05-01T12:00:00Z"))
                .isInstanceOfSatisfying(
                        BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("until"));
    }

    @Test
    void aSingleValuedParameterGivenTwiceIsRefused() {
        assertThatThrownBy(() -> parse("purpose", "a", "purpose", "b"))
                .isInstanceOfSatisfying(
                        BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("purpose"));
    }

    @Test
    void refusedCopiesReachEverySubscriberWhateverItsFilter() {
        FeedSubscription subscription = new FeedSubscription(parse("purpose", "p", "type", "WarrantNotice"), null);
        assertThat(subscription.wants(new InboxEvent.Refused(0, 1, "id", "{}"))).isTrue();
        assertThat(subscription.wants(message("IncidentReport", List.of(), T, "p", "")))
                .isFalse();
    }
}
