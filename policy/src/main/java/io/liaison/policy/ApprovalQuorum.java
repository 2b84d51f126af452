package io.liaison.policy;

import java.util.Set;

/**
 * Who must sign the next policy version: {@code required} distinct agencies out of {@code approvers}.
 * The quorum of the version in force governs its successor, so no single agency widens its own access.
 */
public record ApprovalQuorum(int required, Set<String> approvers) {
    public ApprovalQuorum {
        approvers = Set.copyOf(approvers);
        if (required < 1 || required > approvers.size()) {
            throw new IllegalArgumentException("required must be between 1 and the number of approvers ("
                    + approvers.size() + "), was " + required);
        }
    }
}
