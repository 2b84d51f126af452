package io.liaison.kernel.trust;

/** What a trusted key may sign. */
public enum KeyRole {
    /** An agency's message-signing key: signs envelopes it publishes as that agency. */
    AGENCY_SIGNING,
    /** The backbone's attestation key: signs what it withheld or transformed, and audit checkpoints. */
    BACKBONE_ATTESTATION,
    /** A witness (e.g. the oversight board) cosigning audit checkpoints it checked. */
    WITNESS
}
