package io.liaison.runtime.config;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.runtime.StartupRefusedException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** What commands load from the PKI directory, each failure turned into a one-line {@link StartupRefusedException}. */
public final class PkiMaterial {
    private PkiMaterial() {}

    /**
     * The current agency-signing identity of {@code agency}.
     *
     * @param passphraseFile file whose first line unlocks an encrypted key, or null for an unencrypted one
     */
    public static SigningIdentity signingIdentity(PkiDirectory pki, String agency, Path passphraseFile) {
        try {
            AgencyIds.require(agency);
            Optional<Passphrase> passphrase =
                    Optional.ofNullable(passphraseFile).map(Passphrase::readFrom);
            return pki.signingIdentity(agency, KeyRole.AGENCY_SIGNING, passphrase);
        } catch (PkiException | IllegalArgumentException e) {
            throw new StartupRefusedException("cannot load the signing key of " + agency + ": " + e.getMessage(), e);
        }
    }

    /**
     * The decryption keys (current and previous) of {@code agency}: what opens its copies and nothing else.
     *
     * @param passphraseFile file whose first line unlocks encrypted keys, or null for unencrypted ones
     */
    public static DecryptionKeys decryptionKeys(PkiDirectory pki, String agency, Path passphraseFile) {
        try {
            AgencyIds.require(agency);
            Optional<Passphrase> passphrase =
                    Optional.ofNullable(passphraseFile).map(Passphrase::readFrom);
            return pki.decryptionKeys(agency, EncryptionRole.AGENCY, passphrase);
        } catch (PkiException | IllegalArgumentException e) {
            throw new StartupRefusedException("cannot load the decryption key of " + agency + ": " + e.getMessage(), e);
        }
    }

    /** Every signing, attestation and witness key of the directory, verified against its CA, revocations applied. */
    public static TrustStore trustStore(PkiDirectory pki) {
        try {
            return pki.loadTrustStore(Clock.systemUTC());
        } catch (PkiException e) {
            throw new StartupRefusedException(
                    "cannot load the trust store from " + pki.root() + ": " + e.getMessage(), e);
        }
    }
}
