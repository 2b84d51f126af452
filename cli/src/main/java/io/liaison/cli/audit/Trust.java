package io.liaison.cli.audit;

import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.cli.CliErrors;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.KeyIds;
import io.liaison.pki.PemFiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.runtime.config.LiaisonSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Option;

/**
 * Which keys the audit commands trust: certificates given directly (an auditor outside the backbone
 * holding only the backbone's and the witness's certificates), else the PKI directory's trust store
 * (verified against its CA, with revocations).
 */
final class Trust {
    @Option(
            names = "--backbone-cert",
            paramLabel = "CERT",
            description = "Backbone attestation certificate (PEM) whose key signs checkpoints; repeatable.")
    List<Path> backboneCerts = List.of();

    @Option(
            names = "--witness-cert",
            paramLabel = "CERT",
            description = "Witness certificate (PEM) whose cosignatures to check; repeatable.")
    List<Path> witnessCerts = List.of();

    @Option(
            names = "--pki-dir",
            paramLabel = "DIR",
            description = "PKI directory to load trusted keys from when no certificate is given "
                    + "(default: $LIAISON_PKI_DIR, else connection.properties).")
    Path pkiDir;

    TrustStore store() {
        if (!backboneCerts.isEmpty() || !witnessCerts.isEmpty()) {
            TrustStore store = new TrustStore();
            backboneCerts.forEach(c -> store.add(trustedKey(c, KeyRole.BACKBONE_ATTESTATION)));
            witnessCerts.forEach(c -> store.add(trustedKey(c, KeyRole.WITNESS)));
            return store;
        }
        Path dir = pkiDirectory()
                .orElseThrow(() -> new CliErrors.UserError(
                        "no trusted keys: pass --backbone-cert CERT (and --witness-cert), or --pki-dir DIR"));
        try {
            return PkiDirectory.at(dir).loadTrustStore(Clock.systemUTC());
        } catch (PkiException e) {
            throw new CliErrors.UserError("cannot load trusted keys from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code --pki-dir}, else the setting. */
    Optional<Path> pkiDirectory() {
        return pkiDir != null ? Optional.of(pkiDir) : LogSource.setting(LiaisonSettings.PKI_DIR, null);
    }

    CheckpointVerifier checkpointVerifier() {
        return new CheckpointVerifier(store());
    }

    /**
     * The key of a certificate taken as trusted in the given role, without a CA: the auditor chose
     * this certificate. Its validity period still applies at each signature's time.
     */
    static TrustedKey trustedKey(Path file, KeyRole role) {
        try {
            X509CertificateHolder cert = PemFiles.readCertificate(file);
            byte[] key = cert.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
            if (key.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                throw new CliErrors.UserError(file + " does not hold an Ed25519 public key");
            }
            return new TrustedKey(
                    KeyIds.of(cert),
                    CertificateProfiles.owner(cert),
                    role,
                    new Ed25519PublicKeyParameters(key, 0),
                    cert.getNotBefore().toInstant(),
                    cert.getNotAfter().toInstant());
        } catch (PkiException e) {
            throw new CliErrors.UserError("cannot read certificate " + file + ": " + e.getMessage(), e);
        }
    }
}
