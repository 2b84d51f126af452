package io.liaison.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy version as carried on the {@code policy} topic: its place in the chain (sequence and
 * predecessor), the YAML source exactly as approved, and the approvers' signatures over that place.
 * The record is JSON so that operators can read the topic with any tool; its {@code version} field
 * must be the hash of its {@code source}.
 *
 * @param sourceName  where the YAML came from (for messages only; not signed)
 * @param source      the YAML text; its SHA-256 is the version
 * @param sequence    the chain position, 0 for the genesis
 * @param predecessor the version this one replaces; empty for the genesis
 * @param approvals   signatures by the approvers the predecessor names (none for the genesis)
 */
public record PolicyProposal(
        String sourceName, String source, long sequence, String predecessor, List<PolicyApproval> approvals) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyProposal {
        approvals = List.copyOf(approvals);
        new ChainLink(sequence, predecessor, PolicyLoader.versionOf(source)); // validates the position
    }

    /** The genesis record of {@code policy}: sequence 0, no approvals (backbones pin it by configuration). */
    public static PolicyProposal genesis(String sourceName, Policy policy) {
        return new PolicyProposal(sourceName, policy.source(), 0, "", List.of());
    }

    /** The record of {@code candidate} at {@code link}, carrying {@code approvals}. */
    public static PolicyProposal of(
            String sourceName, Policy candidate, ChainLink link, List<PolicyApproval> approvals) {
        if (!link.version().equals(candidate.version())) {
            throw new IllegalArgumentException("link " + link + " is not for " + candidate.version());
        }
        return new PolicyProposal(sourceName, candidate.source(), link.sequence(), link.predecessor(), approvals);
    }

    public String version() {
        return PolicyLoader.versionOf(source);
    }

    public ChainLink link() {
        return new ChainLink(sequence, predecessor, version());
    }

    public Policy parse() throws PolicyException {
        return PolicyLoader.parse(sourceName, source);
    }

    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("sequence", sequence);
        root.put("predecessor", predecessor);
        root.put("version", version());
        root.put("sourceName", sourceName);
        root.put("source", source);
        ArrayNode list = root.putArray("approvals");
        approvals.forEach(a -> list.add(a.toJson()));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a topic record; throws {@link IllegalArgumentException} naming the missing or bad field. */
    public static PolicyProposal fromBytes(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("policy record is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("policy record is not a JSON object");
        }
        JsonNode sequence = root.get("sequence");
        if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.canConvertToLong()) {
            throw new IllegalArgumentException("policy record: field 'sequence' is missing or not a whole number");
        }
        List<PolicyApproval> approvals = new ArrayList<>();
        for (JsonNode a : root.path("approvals")) {
            approvals.add(PolicyApproval.fromJson(a));
        }
        PolicyProposal proposal = new PolicyProposal(
                text(root, "sourceName"),
                text(root, "source"),
                sequence.asLong(),
                text(root, "predecessor"),
                approvals);
        if (!proposal.version().equals(text(root, "version"))) {
            throw new IllegalArgumentException("policy record: field 'version' is " + text(root, "version")
                    + " but its source hashes to " + proposal.version());
        }
        return proposal;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("policy record: field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    @Override
    public String toString() {
        return "PolicyProposal[" + sourceName + " " + link() + " approved by "
                + approvals.stream().map(PolicyApproval::approver).toList() + "]";
    }
}
