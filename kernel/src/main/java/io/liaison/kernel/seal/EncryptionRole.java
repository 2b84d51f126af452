package io.liaison.kernel.seal;

/** Whose encryption key a certificate holds, and so what is sealed to it. */
public enum EncryptionRole {
    /** An agency: its inbox copies and their data keys. */
    AGENCY,
    /** The backbone: ingress messages, sealed by the sending gateway. */
    BACKBONE,
    /** The quarantine officer: quarantined inputs whose signature did not verify. */
    QUARANTINE_OFFICER
}
