package io.liaison.complaints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated complaint as the resident filed it. Only its sealed form ever leaves the intake: the
 * JSON below is the plaintext sealed to the oversight agency.
 *
 * @param receipt     the receipt number given to the resident
 * @param receivedAt  when the intake accepted it
 * @param category    a category the policy declares
 * @param time        when it happened, local time as the resident gave it
 * @param place       where it happened
 * @param description what happened
 * @param agency      the agency the resident says it concerns, if they said
 * @param contact     how oversight may reach the resident, if they want to be reached; never shared with an agency
 */
public record Complaint(
        String receipt,
        Instant receivedAt,
        String category,
        LocalDateTime time,
        String place,
        String description,
        Optional<String> agency,
        Optional<String> contact) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Complaint {
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(place, "place");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(contact, "contact");
    }

    /** The plaintext that is sealed: UTF-8 JSON. */
    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode()
                .put("receipt", receipt)
                .put("receivedAt", receivedAt.toString())
                .put("category", category)
                .put("time", time.toString())
                .put("place", place)
                .put("description", description);
        agency.ifPresent(a -> o.put("agency", a));
        contact.ifPresent(c -> o.put("contact", c));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Reads what {@link #toJson()} wrote (oversight, after opening the sealed record). */
    public static Complaint fromJson(byte[] json) {
        try {
            JsonNode o = JSON.readTree(json);
            return new Complaint(
                    o.get("receipt").asText(),
                    Instant.parse(o.get("receivedAt").asText()),
                    o.get("category").asText(),
                    LocalDateTime.parse(o.get("time").asText()),
                    o.get("place").asText(),
                    o.get("description").asText(),
                    Optional.ofNullable(o.get("agency")).map(JsonNode::asText),
                    Optional.ofNullable(o.get("contact")).map(JsonNode::asText));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a complaint written by the intake: " + e.getMessage(), e);
        }
    }
}
