package io.liaison.pki;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.CRLReason;

/** Why a key was revoked: the RFC 5280 CRL reason codes that apply to an end-entity key. */
public enum RevocationReason {
    UNSPECIFIED("unspecified", CRLReason.unspecified),
    KEY_COMPROMISE("key-compromise", CRLReason.keyCompromise),
    CA_COMPROMISE("ca-compromise", CRLReason.cACompromise),
    AFFILIATION_CHANGED("affiliation-changed", CRLReason.affiliationChanged),
    SUPERSEDED("superseded", CRLReason.superseded),
    CESSATION_OF_OPERATION("cessation-of-operation", CRLReason.cessationOfOperation),
    PRIVILEGE_WITHDRAWN("privilege-withdrawn", CRLReason.privilegeWithdrawn);

    private final String label;
    private final int crlCode;

    RevocationReason(String label, int crlCode) {
        this.label = label;
        this.crlCode = crlCode;
    }

    /** The name used on the command line and in {@code TrustStore} revocation reasons. */
    public String label() {
        return label;
    }

    public int crlCode() {
        return crlCode;
    }

    public static RevocationReason ofLabel(String label) {
        return Arrays.stream(values())
                .filter(r -> r.label.equals(label))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("revocation reason '" + label + "' must be one of " + labels()));
    }

    public static Optional<RevocationReason> ofCrlCode(int code) {
        return Arrays.stream(values()).filter(r -> r.crlCode == code).findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(RevocationReason::label).collect(Collectors.joining(", "));
    }
}
