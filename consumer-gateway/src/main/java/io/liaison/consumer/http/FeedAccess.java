package io.liaison.consumer.http;

import io.liaison.policy.Agency;
import io.liaison.policy.Policy;
import io.liaison.web.auth.CallerIdentity;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who may read which feed for which purpose: an analyst reads only the feed of the agency their
 * credential binds them to, and only for a purpose the policy lets that agency declare. Pure, so
 * every rule is tested without a server.
 */
final class FeedAccess {
    /** Audit reason codes. */
    static final String OTHER_AGENCY = "OTHER_AGENCY_FEED";

    static final String AGENCY_NOT_IN_POLICY = "AGENCY_NOT_IN_POLICY";
    static final String PURPOSE_NOT_PERMITTED = "PURPOSE_NOT_PERMITTED";
    static final String NOT_THIS_GATEWAY = "NOT_THIS_GATEWAY";
    static final String PURPOSE_NOT_GRANTED = "PURPOSE_NOT_GRANTED";

    /** Why a request is refused: the audit reason code and a sentence for the client. */
    record Refusal(String reasonCode, String message) {}

    private FeedAccess() {}

    static Optional<Refusal> checkAgency(CallerIdentity who, String requestedAgency) {
        if (who.agency().equals(requestedAgency)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                OTHER_AGENCY,
                "analyst " + who.subject() + " of " + who.agency() + " may not read the feed of " + requestedAgency));
    }

    /**
     * A gateway serves one agency, whose decryption key it holds: an analyst of another agency is
     * sent to their own agency's gateway.
     */
    static Optional<Refusal> checkServed(CallerIdentity who, String servedAgency) {
        if (who.agency().equals(servedAgency)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                NOT_THIS_GATEWAY,
                "this gateway serves " + servedAgency + " only; analysts of " + who.agency() + " use " + who.agency()
                        + "'s gateway"));
    }

    static Optional<Refusal> checkPurpose(CallerIdentity who, String purpose, Policy policy) {
        Optional<Agency> agency = policy.agency(who.agency());
        if (agency.isEmpty()) {
            return Optional.of(new Refusal(
                    AGENCY_NOT_IN_POLICY, "agency " + who.agency() + " is not a party to policy " + policy.name()));
        }
        if (!agency.get().purposes().contains(purpose)) {
            return Optional.of(new Refusal(
                    PURPOSE_NOT_PERMITTED,
                    "agency " + who.agency() + " may not declare purpose '" + purpose + "'; it may declare "
                            + agency.get().purposes()));
        }
        if (who.purposes().isPresent() && !who.purposes().get().contains(purpose)) {
            return Optional.of(new Refusal(
                    PURPOSE_NOT_GRANTED,
                    "analyst " + who.subject() + "'s identity provider lets them declare "
                            + new TreeSet<>(who.purposes().get()) + ", not '" + purpose + "'"));
        }
        return Optional.empty();
    }
}
