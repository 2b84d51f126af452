package io.liaison.embedded.kafka;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a combined broker and controller node sits in its KRaft quorum.
 *
 * @param nodeId          {@code node.id}
 * @param host            the address both listeners bind and advertise
 * @param voters          every voter of the controller quorum, this node included; empty for a
 *                        node alone, which votes for itself on whatever controller port it binds
 * @param clusterId       the id every node's storage is formatted with; empty for a node alone (a random one)
 * @param peerPrincipals  the certificate principals of the other nodes, super users like this node's own
 *                        (they call each other's controller listener with their certificates)
 */
public record QuorumSeat(
        int nodeId, String host, List<Voter> voters, Optional<String> clusterId, List<String> peerPrincipals) {
    /** A voter of the controller quorum and where its controller listener is. */
    public record Voter(int nodeId, String host, int controllerPort) {
        public Voter {
            Objects.requireNonNull(host, "host");
            if (controllerPort < 1 || controllerPort > 65535) {
                throw new IllegalArgumentException(
                        "controller port of node " + nodeId + " must be in the range 1..65535, was " + controllerPort);
            }
        }
    }

    /** Replicas of the broker's internal topics (offsets, transactions), up to three. */
    private static final int MAX_INTERNAL_REPLICATION = 3;

    public QuorumSeat {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node.id must not be negative, was " + nodeId);
        }
        Objects.requireNonNull(host, "host");
        voters = List.copyOf(voters);
        Objects.requireNonNull(clusterId, "clusterId");
        peerPrincipals = List.copyOf(peerPrincipals);
        if (!voters.isEmpty() && voters.stream().noneMatch(v -> v.nodeId() == nodeId)) {
            throw new IllegalArgumentException("controller.quorum.voters must include node " + nodeId);
        }
        if (!voters.isEmpty() && clusterId.isEmpty()) {
            throw new IllegalArgumentException("cluster.id must be set for a node of a quorum, or nodes disagree");
        }
    }

    /** The single embedded broker: node 1 on 127.0.0.1, its own quorum. */
    public static QuorumSeat alone() {
        return new QuorumSeat(1, "127.0.0.1", List.of(), Optional.empty(), List.of());
    }

    public boolean isAlone() {
        return voters.isEmpty();
    }

    /** {@code controller.quorum.voters}; a node alone names itself at {@code controllerPort}. */
    String votersProperty(int controllerPort) {
        if (isAlone()) {
            return nodeId + "@" + host + ":" + controllerPort;
        }
        return voters.stream()
                .map(v -> v.nodeId() + "@" + v.host() + ":" + v.controllerPort())
                .collect(Collectors.joining(","));
    }

    /** Replication of internal topics: every node, up to three, so a transaction survives losing one. */
    short internalReplication() {
        return (short) Math.max(1, Math.min(MAX_INTERNAL_REPLICATION, voters.size()));
    }

    /** Fewest in-sync replicas of internal and default topics: two where there are more than two. */
    int minInSyncReplicas() {
        return Math.min(2, internalReplication());
    }
}
