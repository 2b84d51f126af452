package io.liaison.consumer.http;

import io.liaison.schemas.LiaisonSchemas;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an analyst asked to see: the declared purpose, and optional filters on message type,
 * caveat, creation time and free text. Only copies the backbone released for the declared purpose
 * match (purpose limitation: a copy released for crowd safety is not read for an investigation).
 * Refused copies are not filtered: they are alerts, and their claimed type is not to be trusted.
 *
 * @param purpose the declared purpose of use
 * @param types   message types to keep; empty keeps all
 * @param caveats keep messages carrying at least one of these caveats; empty keeps all
 * @param since   keep messages created at or after this instant
 * @param until   keep messages created before this instant
 * @param text    lower-case text that must occur in a payload value, the message type or the sender
 */
record FeedFilter(
        String purpose,
        Set<String> types,
        Set<String> caveats,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<String> text) {
    static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final Pattern CAVEAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    static final int MAX_TEXT = 200;

    FeedFilter {
        types = Set.copyOf(types);
        caveats = Set.copyOf(caveats);
    }

    boolean matches(InboxEvent.Message m) {
        return purpose.equals(m.purpose())
                && (types.isEmpty() || types.contains(m.messageType()))
                && (caveats.isEmpty() || m.caveats().stream().anyMatch(caveats::contains))
                && since.map(s -> !m.createdAt().isBefore(s)).orElse(true)
                && until.map(u -> m.createdAt().isBefore(u)).orElse(true)
                && text.map(t -> m.searchText().contains(t)).orElse(true);
    }

    /**
     * The filter in a query string ({@code purpose}, {@code type}, {@code caveat}, {@code since},
     * {@code until}, {@code q}). {@code type} and {@code caveat} may repeat or hold comma-separated lists.
     *
     * @throws BadParameter naming the first parameter that is missing, malformed or unknown
     */
    static FeedFilter parse(Map<String, List<String>> query) {
        String purpose = single(query, "purpose")
                .orElseThrow(() -> new BadParameter("purpose", "declare the purpose of use: purpose is required"));
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new BadParameter("purpose", "purpose '" + purpose + "' must match " + PURPOSE.pattern());
        }
        Set<String> types = list(query, "type");
        for (String type : types) {
            if (!LiaisonSchemas.messageTypes().contains(type)) {
                throw new BadParameter(
                        "type",
                        "unknown message type '" + type + "'; expected one of " + LiaisonSchemas.messageTypes());
            }
        }
        Set<String> caveats = list(query, "caveat");
        for (String caveat : caveats) {
            if (!CAVEAT.matcher(caveat).matches()) {
                throw new BadParameter("caveat", "caveat '" + caveat + "' must match " + CAVEAT.pattern());
            }
        }
        Optional<Instant> since = instant(query, "since");
        Optional<Instant> until = instant(query, "until");
        if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
            throw new BadParameter("until", "until " + until.get() + " must be after since " + since.get());
        }
        Optional<String> text = single(query, "q");
        if (text.isPresent() && (text.get().isBlank() || text.get().length() > MAX_TEXT)) {
            throw new BadParameter("q", "q must be 1 to " + MAX_TEXT + " characters");
        }
        return new FeedFilter(purpose, types, caveats, since, until, text.map(t -> t.toLowerCase(Locale.ROOT)));
    }

    static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new BadParameter(name, name + " must be given once, was given " + values.size() + " times");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    static Optional<Instant> instant(Map<String, List<String>> query, String name) {
        Optional<String> value = single(query, name);
        try {
            return value.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new BadParameter(
                    name, name + " '" + value.get() + "' is not an ISO-8601 instant such as 2026-05-01T12:00:00Z");
        }
    }

    private static Set<String> list(Map<String, List<String>> query, String name) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : query.getOrDefault(name, List.of())) {
            for (String item : value.split(",", -1)) {
                if (item.isBlank()) {
                    throw new BadParameter(name, name + " must not contain an empty item");
                }
                values.add(item.trim());
            }
        }
        return values;
    }
}
