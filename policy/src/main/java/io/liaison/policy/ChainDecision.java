package io.liaison.policy;

import java.util.Objects;
import java.util.Set;

/** What {@link PolicyChain} did with one record of the policy topic. */
public sealed interface ChainDecision {
    /** The record's version is now in force. */
    record Accepted(ChainLink link, Policy policy, Set<String> approvedBy) implements ChainDecision {
        public Accepted {
            approvedBy = Set.copyOf(approvedBy);
        }
    }

    /** The genesis record of the pinned version: it confirms where the chain starts and changes nothing. */
    record GenesisConfirmed(ChainLink link) implements ChainDecision {}

    /** The record changes nothing; {@code detail} is one sentence naming the record and why. */
    record Refused(Reason reason, String detail) implements ChainDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }

    /** Why a record was refused; the names are what logs and counters show. */
    enum Reason {
        /** Not a policy record: bad JSON, a missing field, or a version that is not its source's hash. */
        MALFORMED(false),
        /** Approvals cannot be judged: the record has no broker-assigned append time. */
        APPEND_TIME_UNKNOWN(false),
        /** A genesis (sequence 0) other than the one this backbone is pinned to. */
        GENESIS_MISMATCH(true),
        /** A record already applied, appended again: a replay or rollback attempt. */
        REPLAYED(false),
        /** A sequence already taken by another version (a superseded or rolled-back proposal). */
        STALE(false),
        /** A sequence beyond the next one: the versions between are missing or were refused. */
        SEQUENCE_GAP(true),
        /** The next sequence, but naming another predecessor than the version in force: a fork. */
        PREDECESSOR_MISMATCH(true),
        /** The YAML does not load. */
        INVALID_POLICY(false),
        /** Not enough valid approvals from the approvers of the version in force. */
        QUORUM_NOT_MET(false);

        private final boolean contradictsChain;

        Reason(boolean contradictsChain) {
            this.contradictsChain = contradictsChain;
        }

        /**
         * Whether the record claims a place in a chain that this backbone cannot reach from its pinned
         * genesis. Live, such a record is refused like any other; while catching up at start-up it
         * stops the process, since running on would mean running an older policy than the topic's.
         */
        public boolean contradictsChain() {
            return contradictsChain;
        }
    }
}
