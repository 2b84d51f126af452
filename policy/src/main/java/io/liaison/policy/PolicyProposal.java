package io.liaison.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A policy version as carried on the compacted {@code policy} topic (key = version): the YAML
 * source exactly as approved, and the approvers' signatures over its version hash. The record is
 * JSON so that operators can read the topic with any tool.
 *
 * @param sourceName where the YAML came from (for error messages only)
 * @param source     the YAML text; its SHA-256 is the version
 * @param approvals  signatures by the approvers the previous version names
 */
public record PolicyProposal(String sourceName, String source, List<PolicyApproval> approvals) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyProposal {
        approvals = List.copyOf(approvals);
    }

    public String version() {
        return PolicyLoader.versionOf(source);
    }

    public Policy parse() throws PolicyException {
        return PolicyLoader.parse(sourceName, source);
    }

    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version());
        root.put("sourceName", sourceName);
        root.put("source", source);
        ArrayNode list = root.putArray("approvals");
        for (PolicyApproval a : approvals) {
            list.addObject()
                    .put("approver", a.approver())
                    .put("keyId", a.keyId())
                    .put("version", a.version())
                    .put("signature", Base64.getEncoder().encodeToString(a.signature()));
        }
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
        List<PolicyApproval> approvals = new ArrayList<>();
        for (JsonNode a : root.path("approvals")) {
            approvals.add(new PolicyApproval(text(a, "approver"), text(a, "keyId"), text(a, "version"),
                    Base64.getDecoder().decode(text(a, "signature"))));
        }
        return new PolicyProposal(text(root, "sourceName"), text(root, "source"), approvals);
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
        return "PolicyProposal[" + sourceName + " " + version() + " approved by "
                + approvals.stream().map(PolicyApproval::approver).toList() + "]";
    }
}
