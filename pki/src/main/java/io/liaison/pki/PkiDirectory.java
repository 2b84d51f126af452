package io.liaison.pki;

import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.seal.DecryptionKey;
import io.liaison.kernel.seal.DecryptionKeys;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.TrustStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The PKI administrator's directory (see docs/signing.md, "PKI directory"):
 *
 * <pre>
 * ca/ca.crt, ca/ca.key                         root CA (key 0600, optionally encrypted)
 * agencies/&lt;id&gt;/signing.crt|key                an agency's current signing key
 * agencies/&lt;id&gt;/encryption.crt|key             an agency's current encryption key (X25519)
 * witnesses/&lt;id&gt;/witness.crt|key               a witness's current cosigning key
 * backbone/attestation.crt|key                 the backbone's current attestation key
 * backbone/encryption.crt|key                  the backbone's current encryption key (ingress is sealed to it)
 * quarantine-officer/encryption.crt|key        the quarantine officer's current encryption key
 * tls/&lt;name&gt;/server|client|broker.crt|key|p12|p12.password
 * tls/truststore.p12, tls/truststore.p12.password
 * &lt;slot dir&gt;/previous/&lt;keyId&gt;.*                 rotated-out files, still trusted until expiry or revocation
 * revocations.crl                              CA-signed CRL of every revoked certificate
 * </pre>
 *
 * Certificates, the CRL and trust stores are public; every other file is created 0600.
 */
public final class PkiDirectory {
    static final String PREVIOUS = "previous";
    private static final int KEY_ID_PREFIX_MINIMUM = 8;

    private final Path root;

    private PkiDirectory(Path root) {
        this.root = root;
    }

    public static PkiDirectory at(Path root) {
        return new PkiDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path caCertificateFile() {
        return root.resolve("ca/ca.crt");
    }

    public Path caKeyFile() {
        return root.resolve("ca/ca.key");
    }

    public Path revocationsFile() {
        return root.resolve("revocations.crl");
    }

    public Path trustStoreFile() {
        return root.resolve("tls/truststore.p12");
    }

    /** Where the current certificate of {@code owner} in {@code kind} lives: {@code <dir>/<base>.crt|key}. */
    public record Slot(Path dir, String baseName) {
        public Path certificate() {
            return dir.resolve(baseName + ".crt");
        }

        public Path privateKey() {
            return dir.resolve(baseName + ".key");
        }

        public Path keyStore() {
            return dir.resolve(baseName + ".p12");
        }

        public Path keyStorePassword() {
            return dir.resolve(baseName + ".p12.password");
        }
    }

    public Slot slot(String owner, CertificateKind kind) {
        return switch (kind) {
            case AGENCY_SIGNING -> new Slot(root.resolve("agencies").resolve(owner), "signing");
            case WITNESS -> new Slot(root.resolve("witnesses").resolve(owner), "witness");
            case BACKBONE_ATTESTATION -> new Slot(root.resolve("backbone"), "attestation");
            case AGENCY_ENCRYPTION -> new Slot(root.resolve("agencies").resolve(owner), "encryption");
            case BACKBONE_ENCRYPTION -> new Slot(root.resolve("backbone"), "encryption");
            case QUARANTINE_ENCRYPTION ->
                new Slot(root.resolve(CertificateProfiles.QUARANTINE_OFFICER_OWNER), "encryption");
            case TLS_SERVER -> new Slot(root.resolve("tls").resolve(owner), "server");
            case TLS_CLIENT -> new Slot(root.resolve("tls").resolve(owner), "client");
            case TLS_BROKER -> new Slot(root.resolve("tls").resolve(owner), "broker");
        };
    }

    public boolean hasCa() {
        return Files.exists(caCertificateFile());
    }

    /** Creates the root CA; refuses to replace an existing one. */
    public X509CertificateHolder init(
            String commonName, Validity validity, Optional<Passphrase> caPassphrase, SecureRandom random) {
        if (hasCa()) {
            throw new PkiException("a CA already exists in " + root + "; refusing to replace it");
        }
        IssuedCertificate ca = CertificateAuthority.createRoot(commonName, validity, random);
        PemFiles.writePrivateKey(caKeyFile(), ca.privateKey(), caPassphrase);
        PemFiles.writePublic(caCertificateFile(), ca.certificate());
        return ca.certificate();
    }

    public TrustAnchor anchor() {
        requireCa();
        return TrustAnchor.of(PemFiles.readCertificate(caCertificateFile()));
    }

    /** The CA with its private key, for issuing and revoking. */
    public CertificateAuthority authority(Optional<Passphrase> caPassphrase, Clock clock, SecureRandom random) {
        requireCa();
        return CertificateAuthority.of(
                PemFiles.readCertificate(caCertificateFile()),
                PemFiles.readPrivateKey(caKeyFile(), caPassphrase),
                clock,
                random);
    }

    /**
     * Issues an Ed25519 certificate into its slot. A certificate already there moves to
     * {@code previous/}, where it stays trusted until it expires or is revoked: that overlap is
     * how rotation works.
     */
    public IssuedCertificate issueSigning(
            CertificateAuthority ca,
            String owner,
            KeyRole role,
            Validity validity,
            Optional<Passphrase> keyPassphrase) {
        IssuedCertificate issued = ca.issueSigning(owner, role, validity);
        Slot slot = slot(owner, CertificateKind.of(role));
        retireCurrent(slot);
        PemFiles.writePrivateKey(slot.privateKey(), issued.privateKey(), keyPassphrase);
        PemFiles.writePublic(slot.certificate(), issued.certificate());
        return issued;
    }

    /**
     * Issues an X25519 encryption certificate into its slot; like a signing key, one already there
     * moves to {@code previous/}, where its private key stays to open what was sealed to it.
     */
    public IssuedCertificate issueEncryption(
            CertificateAuthority ca,
            String owner,
            EncryptionRole role,
            Validity validity,
            Optional<Passphrase> keyPassphrase) {
        IssuedCertificate issued = ca.issueEncryption(owner, role, validity);
        Slot slot = slot(owner, CertificateKind.of(role));
        retireCurrent(slot);
        PemFiles.writePrivateKey(slot.privateKey(), issued.privateKey(), keyPassphrase);
        PemFiles.writePublic(slot.certificate(), issued.certificate());
        return issued;
    }

    /**
     * Issues an ECDSA TLS certificate into its slot, with a PKCS#12 key store beside it (password
     * generated, in {@code .p12.password}, 0600), and writes the shared trust store if missing.
     */
    public IssuedCertificate issueTls(
            CertificateAuthority ca,
            String name,
            CertificateKind kind,
            List<String> dnsNames,
            List<String> ipAddresses,
            Validity validity,
            Optional<Passphrase> keyPassphrase,
            SecureRandom random) {
        IssuedCertificate issued = ca.issueTls(name, kind, dnsNames, ipAddresses, validity);
        Slot slot = slot(name, kind);
        retireCurrent(slot);
        PemFiles.writePrivateKey(slot.privateKey(), issued.privateKey(), keyPassphrase);
        PemFiles.writePublic(slot.certificate(), issued.certificate());
        Passphrase storePassword = randomPassword(random);
        PemFiles.writeSecret(slot.keyStorePassword(), passwordFileContent(storePassword));
        PemFiles.writeSecret(slot.keyStore(), TlsStores.keyStore(name, issued, ca.certificate(), storePassword));
        if (!Files.exists(trustStoreFile())) {
            Passphrase trustPassword = randomPassword(random);
            PemFiles.writeSecret(passwordFile(trustStoreFile()), passwordFileContent(trustPassword));
            PemFiles.writeAtomically(trustStoreFile(), TlsStores.trustStore(ca.certificate(), trustPassword));
        }
        return issued;
    }

    /** The password of a PKCS#12 store written here. */
    public Passphrase storePassword(Path store) {
        return Passphrase.readFrom(passwordFile(store));
    }

    /**
     * Revokes the certificate whose key id is {@code keyIdOrPrefix} (or starts with it: at least 8
     * hex digits, matching one certificate) from {@code at} on, and re-signs the CRL. A key already
     * revoked keeps its earlier revocation time.
     */
    public Revocation revoke(CertificateAuthority ca, String keyIdOrPrefix, Instant at, RevocationReason reason) {
        CertificateEntry target = find(keyIdOrPrefix);
        if (target.kind().isEmpty()) {
            throw new PkiException("key " + target.keyId() + " is the CA itself; a CA is replaced, not revoked");
        }
        Map<BigInteger, RevocationListEntry> revoked = new LinkedHashMap<>();
        Optional<X509CRLHolder> current = revocationList();
        current.ifPresent(crl -> RevocationListEntry.of(crl).forEach(e -> revoked.put(e.serial(), e)));
        BigInteger serial = target.certificate().getSerialNumber();
        Revocation requested = new Revocation(target.keyId(), at, reason);
        revoked.merge(
                serial,
                new RevocationListEntry(serial, requested.revokedAt(), reason),
                (old, neu) -> old.revokedAt().isAfter(neu.revokedAt()) ? neu : old);
        BigInteger number =
                current.map(PkiDirectory::crlNumber).orElse(BigInteger.ZERO).add(BigInteger.ONE);
        PemFiles.writePublic(revocationsFile(), ca.revocationList(revoked.values(), number));
        return revoked.get(serial).toRevocation(target.keyId());
    }

    /** The CRL, its signature checked against the CA; empty when nothing was ever revoked. */
    public Optional<X509CRLHolder> revocationList() {
        if (!Files.exists(revocationsFile())) {
            return Optional.empty();
        }
        X509CRLHolder crl = PemFiles.readCrl(revocationsFile());
        anchor().verifyCrl(crl);
        return Optional.of(crl);
    }

    /** One certificate in the directory, as {@code pki list} shows it. */
    public record CertificateEntry(
            Path file,
            X509CertificateHolder certificate,
            String owner,
            Optional<CertificateKind> kind,
            String keyId,
            Validity validity,
            boolean current,
            Optional<Revocation> revocation) {
        /** The kind's OU, or {@code root-ca} for the CA. */
        public String roleLabel() {
            return kind.map(CertificateKind::organizationalUnit).orElse("root-ca");
        }
    }

    /** Every certificate here, CA first, then by owner, role and start of validity. */
    public List<CertificateEntry> list() {
        TrustAnchor anchor = anchor();
        Optional<X509CRLHolder> crl = revocationList();
        List<CertificateEntry> entries = new ArrayList<>();
        for (Path file : certificateFiles()) {
            X509CertificateHolder cert = PemFiles.readCertificate(file);
            boolean isCa = file.equals(caCertificateFile());
            Optional<Revocation> revocation = crl.flatMap(c -> anchor.revocation(c, cert));
            entries.add(new CertificateEntry(
                    file,
                    cert,
                    isCa ? cert.getSubject().toString() : CertificateProfiles.owner(cert),
                    isCa ? Optional.empty() : CertificateProfiles.kind(cert),
                    KeyIds.of(cert),
                    CertificateProfiles.validity(cert),
                    !file.getParent().getFileName().toString().equals(PREVIOUS),
                    revocation));
        }
        entries.sort(Comparator.comparing((CertificateEntry e) -> e.kind().isPresent())
                .thenComparing(CertificateEntry::owner)
                .thenComparing(CertificateEntry::roleLabel)
                .thenComparing(e -> e.validity().notBefore()));
        return entries;
    }

    /**
     * A trust store holding every signing, attestation and witness certificate here (current and
     * previous), each verified against the CA, with the CRL's revocations applied. Fails if the CA
     * is not valid at {@code clock}'s now, or if any certificate does not verify.
     */
    public TrustStore loadTrustStore(Clock clock) {
        TrustAnchor anchor = anchor();
        anchor.requireValidAt(clock.instant());
        TrustStore store = new TrustStore();
        for (TrustItem item : trustItems()) {
            TrustItems.apply(item, anchor, store);
        }
        return store;
    }

    /**
     * What to publish on the trust topic: the CA certificate, then every signing and encryption
     * certificate (with its CRL if revoked), and every revoked TLS certificate with the CRL, so HTTP
     * services refuse a revoked client certificate without a restart.
     */
    public List<TrustItem> trustItems() {
        TrustAnchor anchor = anchor();
        Optional<X509CRLHolder> crl = revocationList();
        List<TrustItem> items = new ArrayList<>();
        items.add(new TrustItem.CertificateItem(anchor.certificate()));
        for (CertificateEntry entry : list()) {
            if (entry.kind().isEmpty()
                    || (entry.kind().get().isTls() && entry.revocation().isEmpty())) {
                continue;
            }
            items.add(
                    entry.revocation().isPresent()
                            ? new TrustItem.RevocationItem(entry.certificate(), crl.orElseThrow())
                            : new TrustItem.CertificateItem(entry.certificate()));
        }
        return items;
    }

    /** The current signing identity of {@code owner} in {@code role}, from its slot. */
    public SigningIdentity signingIdentity(String owner, KeyRole role, Optional<Passphrase> keyPassphrase) {
        Slot slot = slot(owner, CertificateKind.of(role));
        if (!Files.exists(slot.certificate())) {
            throw new PkiException("no " + CertificateKind.of(role).organizationalUnit() + " certificate for " + owner
                    + " in " + root + ": expected " + slot.certificate());
        }
        return SigningIdentities.load(slot.privateKey(), slot.certificate(), keyPassphrase);
    }

    /**
     * The private encryption keys of {@code owner} in {@code role}: the current one first, then
     * every rotated-out one whose key file is still in {@code previous/} (records sealed to it
     * stay readable until that file is destroyed).
     */
    public DecryptionKeys decryptionKeys(String owner, EncryptionRole role, Optional<Passphrase> keyPassphrase) {
        CertificateKind kind = CertificateKind.of(role);
        Slot slot = slot(owner, kind);
        if (!Files.exists(slot.certificate())) {
            throw new PkiException("no " + kind.organizationalUnit() + " certificate for " + owner + " in " + root
                    + ": expected " + slot.certificate());
        }
        List<DecryptionKey> keys = new ArrayList<>();
        keys.add(DecryptionKeyFiles.load(slot.privateKey(), slot.certificate(), keyPassphrase));
        Path previous = slot.dir().resolve(PREVIOUS);
        if (Files.isDirectory(previous)) {
            try (Stream<Path> files = Files.list(previous)) {
                for (Path cert : files.filter(f -> f.getFileName().toString().endsWith(".crt"))
                        .sorted()
                        .toList()) {
                    Path key = cert.resolveSibling(cert.getFileName().toString().replaceFirst("\\.crt$", ".key"));
                    if (Files.exists(key)
                            && CertificateProfiles.kind(PemFiles.readCertificate(cert))
                                    .equals(Optional.of(kind))) {
                        keys.add(DecryptionKeyFiles.load(key, cert, keyPassphrase));
                    }
                }
            } catch (IOException e) {
                throw new PkiException("cannot list " + previous + ": " + e.getMessage(), e);
            }
        }
        return DecryptionKeys.of(owner, keys);
    }

    /**
     * The private key files a service holding {@code owner}'s {@code kind} key needs: the current
     * one, and for an encryption kind every previous one still here (it opens what was sealed to it).
     */
    public List<Path> privateKeyFiles(String owner, CertificateKind kind) {
        Slot slot = slot(owner, kind);
        if (!Files.exists(slot.privateKey())) {
            throw new PkiException("no " + kind.organizationalUnit() + " key for " + owner + " in " + root
                    + ": expected " + slot.privateKey());
        }
        List<Path> files = new ArrayList<>(List.of(slot.privateKey()));
        Path previous = slot.dir().resolve(PREVIOUS);
        if (kind.isEncryption() && Files.isDirectory(previous)) {
            try (Stream<Path> certs = Files.list(previous)) {
                for (Path cert : certs.filter(f -> f.getFileName().toString().endsWith(".crt"))
                        .sorted()
                        .toList()) {
                    Path key = cert.resolveSibling(cert.getFileName().toString().replaceFirst("\\.crt$", ".key"));
                    if (Files.exists(key)
                            && CertificateProfiles.kind(PemFiles.readCertificate(cert))
                                    .equals(Optional.of(kind))) {
                        files.add(key);
                    }
                }
            } catch (IOException e) {
                throw new PkiException("cannot list " + previous + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    /**
     * Writes one running service's view of this directory into {@code target} (its own volume):
     * every certificate and the CRL, and of the private files only {@code privateFiles} (paths in
     * this directory), 0600. Whatever {@code target} held before is replaced, so running it again
     * after a rotation or revocation refreshes it. The CA key is never among what a service gets.
     */
    public void exportTo(Path target, List<Path> privateFiles) {
        for (Path file : privateFiles) {
            if (!file.toAbsolutePath()
                    .normalize()
                    .startsWith(root.toAbsolutePath().normalize())) {
                throw new PkiException(file + " is not in " + root);
            }
            if (file.toAbsolutePath()
                    .normalize()
                    .equals(caKeyFile().toAbsolutePath().normalize())) {
                throw new PkiException("the CA key never leaves " + root);
            }
        }
        try {
            clear(target);
            for (Path cert : certificateFiles()) {
                PemFiles.writeAtomically(target.resolve(root.relativize(cert)), Files.readAllBytes(cert));
            }
            if (Files.exists(revocationsFile())) {
                PemFiles.writeAtomically(
                        target.resolve(root.relativize(revocationsFile())), Files.readAllBytes(revocationsFile()));
            }
            for (Path file : privateFiles) {
                PemFiles.writeSecret(target.resolve(root.relativize(file)), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new PkiException("cannot export to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    private CertificateEntry find(String keyIdOrPrefix) {
        String wanted = keyIdOrPrefix.toLowerCase(Locale.ROOT);
        if (wanted.length() < KEY_ID_PREFIX_MINIMUM) {
            throw new PkiException("key id '" + keyIdOrPrefix + "' is too short: give at least " + KEY_ID_PREFIX_MINIMUM
                    + " hex digits");
        }
        List<CertificateEntry> matches =
                list().stream().filter(e -> e.keyId().startsWith(wanted)).toList();
        if (matches.isEmpty()) {
            throw new PkiException("no certificate with key id " + keyIdOrPrefix + " in " + root);
        }
        if (matches.size() > 1) {
            throw new PkiException("key id prefix " + keyIdOrPrefix + " matches " + matches.size()
                    + " certificates; give more digits");
        }
        return matches.get(0);
    }

    private void requireCa() {
        if (!hasCa()) {
            throw new PkiException("no CA in " + root + ": run `liaison pki init` first");
        }
    }

    /** Moves the slot's current files to {@code previous/<keyId>.<suffix>}. */
    private static void retireCurrent(Slot slot) {
        if (!Files.exists(slot.certificate())) {
            return;
        }
        String keyId = KeyIds.of(PemFiles.readCertificate(slot.certificate()));
        Path previous = slot.dir().resolve(PREVIOUS);
        try (Stream<Path> files = Files.list(slot.dir())) {
            Files.createDirectories(previous);
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(slot.baseName() + "."))
                    .toList()) {
                String suffix =
                        file.getFileName().toString().substring(slot.baseName().length());
                Files.move(file, previous.resolve(keyId + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new PkiException(
                    "cannot move the current certificate in " + slot.dir() + " to " + previous + ": " + e.getMessage(),
                    e);
        }
    }

    private List<Path> certificateFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".crt"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PkiException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static BigInteger crlNumber(X509CRLHolder crl) {
        Extension number = crl.getExtension(Extension.cRLNumber);
        return number == null
                ? BigInteger.ZERO
                : ASN1Integer.getInstance(number.getParsedValue()).getValue();
    }

    private static Passphrase randomPassword(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Passphrase.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static byte[] passwordFileContent(Passphrase password) {
        return (new String(password.chars()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Path passwordFile(Path store) {
        return store.resolveSibling(store.getFileName() + ".password");
    }
}
