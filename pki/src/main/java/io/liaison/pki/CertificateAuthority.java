package io.liaison.pki;

import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.seal.DecryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.trust.AgencyIds;
import io.liaison.kernel.trust.KeyRole;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcEdECContentSignerBuilder;

/**
 * The offline backbone root CA: an Ed25519 key that signs certificates and revocation lists. It
 * is used by {@code liaison pki} on the PKI administrator's machine; running services only ever
 * see its certificate, through {@link TrustAnchor}. Time comes from the {@link Clock} given.
 */
public final class CertificateAuthority {
    public static final String DEFAULT_NAME = "Liaison Backbone Root CA";
    private static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
    private static final AlgorithmIdentifier X25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519);

    private final X509CertificateHolder certificate;
    private final Ed25519PrivateKeyParameters key;
    private final TrustAnchor anchor;
    private final Clock clock;
    private final SecureRandom random;

    private CertificateAuthority(
            X509CertificateHolder certificate, Ed25519PrivateKeyParameters key, Clock clock, SecureRandom random) {
        this.anchor = TrustAnchor.of(certificate);
        if (!TrustAnchor.certifies(certificate, key)) {
            throw new PkiException("the CA private key does not belong to CA certificate " + KeyIds.of(certificate));
        }
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
        this.random = random;
    }

    /**
     * A new self-signed root: basicConstraints CA:true with path length 0 (it signs end-entity
     * certificates only), keyUsage keyCertSign and cRLSign, both critical.
     */
    public static IssuedCertificate createRoot(String commonName, Validity validity, SecureRandom random) {
        AsymmetricCipherKeyPair pair = Ed25519.generate(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, CertificateProfiles.ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
        try {
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic());
            X509v3CertificateBuilder builder = builder(subject, subject, validity, publicKey, random)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            new BcX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
            X509CertificateHolder certificate = builder.build(signer((Ed25519PrivateKeyParameters) pair.getPrivate()));
            return new IssuedCertificate(certificate, pkcs8((Ed25519PrivateKeyParameters) pair.getPrivate()));
        } catch (IOException e) {
            throw new PkiException("cannot build the CA certificate: " + e.getMessage(), e);
        }
    }

    /** The CA from its certificate and PKCS#8 private key. */
    public static CertificateAuthority of(
            X509CertificateHolder certificate, PrivateKeyInfo privateKey, Clock clock, SecureRandom random) {
        try {
            if (!(PrivateKeyFactory.createKey(privateKey) instanceof Ed25519PrivateKeyParameters key)) {
                throw new PkiException("the CA private key must be an Ed25519 key");
            }
            return new CertificateAuthority(certificate, key, clock, random);
        } catch (IOException e) {
            throw new PkiException("the CA private key is malformed", e);
        }
    }

    public X509CertificateHolder certificate() {
        return certificate;
    }

    public TrustAnchor anchor() {
        return anchor;
    }

    /**
     * An Ed25519 certificate for {@code owner} in {@code role}: subject
     * {@code O=Liaison, OU=<role>, CN=<owner>}, SAN {@code URI:urn:liaison:agency:<owner>},
     * keyUsage digitalSignature (critical), CA:false.
     */
    public IssuedCertificate issueSigning(String owner, KeyRole role, Validity validity) {
        AgencyIds.require(owner);
        CertificateProfiles.requireOwnerFits(owner, CertificateKind.of(role));
        requireWithinCa(validity);
        AsymmetricCipherKeyPair pair = Ed25519.generate(random);
        try {
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic());
            X509v3CertificateBuilder builder = endEntity(
                            CertificateProfiles.subject(owner, CertificateKind.of(role)),
                            validity,
                            publicKey,
                            KeyUsage.digitalSignature)
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(CertificateProfiles.ownerUri(owner)));
            return new IssuedCertificate(
                    builder.build(signer(key)), pkcs8((Ed25519PrivateKeyParameters) pair.getPrivate()));
        } catch (IOException e) {
            throw new PkiException("cannot build the certificate for " + owner + ": " + e.getMessage(), e);
        }
    }

    /**
     * An X25519 encryption certificate for {@code owner} in {@code role}: subject
     * {@code O=Liaison, OU=<kind>, CN=<owner>}, SAN {@code URI:urn:liaison:agency:<owner>},
     * keyUsage keyAgreement (critical) only, CA:false. The CA signs it with its Ed25519 key; the
     * key itself can only agree keys (HPKE), never sign.
     */
    public IssuedCertificate issueEncryption(String owner, EncryptionRole role, Validity validity) {
        AgencyIds.require(owner);
        CertificateKind kind = CertificateKind.of(role);
        CertificateProfiles.requireOwnerFits(owner, kind);
        requireWithinCa(validity);
        AsymmetricCipherKeyPair pair = DecryptionKey.generate(random);
        try {
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic());
            X509v3CertificateBuilder builder = endEntity(
                            CertificateProfiles.subject(owner, kind), validity, publicKey, KeyUsage.keyAgreement)
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(CertificateProfiles.ownerUri(owner)));
            PrivateKeyInfo privateKey = new PrivateKeyInfo(
                    X25519, new DEROctetString(((X25519PrivateKeyParameters) pair.getPrivate()).getEncoded()));
            return new IssuedCertificate(builder.build(signer(key)), privateKey);
        } catch (IOException e) {
            throw new PkiException("cannot build the encryption certificate for " + owner + ": " + e.getMessage(), e);
        }
    }

    /**
     * An ECDSA P-256 TLS certificate (JSSE and Kafka handle these everywhere; Ed25519 TLS keys they
     * do not). Server and broker certificates name {@code dnsNames} and {@code ipAddresses} in their
     * SAN (at least one is required) and carry extendedKeyUsage serverAuth (brokers also clientAuth);
     * client certificates carry the owner URI (plus any DNS names) and clientAuth.
     */
    public IssuedCertificate issueTls(
            String name, CertificateKind kind, List<String> dnsNames, List<String> ipAddresses, Validity validity) {
        if (!kind.isTls()) {
            throw new IllegalArgumentException("kind " + kind + " is not a TLS kind");
        }
        AgencyIds.require(name);
        requireWithinCa(validity);
        List<GeneralName> altNames = new ArrayList<>();
        if (kind == CertificateKind.TLS_CLIENT) {
            altNames.add(CertificateProfiles.ownerUri(name));
        } else if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException(
                    "a " + kind.organizationalUnit() + " certificate needs at least one DNS name or IP address");
        }
        dnsNames.forEach(dns -> altNames.add(new GeneralName(GeneralName.dNSName, dns)));
        ipAddresses.forEach(ip -> altNames.add(new GeneralName(GeneralName.iPAddress, requireIpLiteral(ip))));
        KeyPair pair = ecP256();
        try {
            SubjectPublicKeyInfo publicKey =
                    SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            KeyPurposeId[] purposes = switch (kind) {
                case TLS_SERVER -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
                case TLS_BROKER -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
                default -> new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
            };
            X509v3CertificateBuilder builder = endEntity(
                            CertificateProfiles.subject(name, kind), validity, publicKey, KeyUsage.digitalSignature)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)));
            return new IssuedCertificate(
                    builder.build(signer(key)),
                    PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new PkiException("cannot build the TLS certificate for " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A CRL listing every revoked certificate (by serial), each with its revocation time and RFC
     * 5280 reason code. It has no nextUpdate: the CA is offline, and revocations reach services
     * through the trust topic rather than by CRL polling.
     */
    public X509CRLHolder revocationList(Collection<RevocationListEntry> entries, BigInteger crlNumber) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(certificate.getSubject(), Date.from(clock.instant()));
        entries.forEach(e -> builder.addCRLEntry(
                e.serial(), Date.from(e.revokedAt()), e.reason().crlCode()));
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            new BcX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
        } catch (CertIOException e) {
            throw new PkiException("cannot build the revocation list: " + e.getMessage(), e);
        }
        return builder.build(signer(key));
    }

    private X509v3CertificateBuilder endEntity(
            X500Name subject, Validity validity, SubjectPublicKeyInfo publicKey, int keyUsage) throws CertIOException {
        BcX509ExtensionUtils extensions = new BcX509ExtensionUtils();
        return builder(certificate.getSubject(), subject, validity, publicKey, random)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                .addExtension(
                        Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
    }

    private void requireWithinCa(Validity validity) {
        if (!anchor.validity().contains(validity)) {
            throw new PkiException("requested validity " + validity.notBefore() + " to " + validity.notAfter()
                    + " is not within the CA's validity (" + anchor.validity().notBefore() + " to "
                    + anchor.validity().notAfter() + ")");
        }
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, Validity validity, SubjectPublicKeyInfo publicKey, SecureRandom random) {
        // 127 random bits: unpredictable (RFC 5280 / CA/B forum ask for 64+), positive, at most 16 bytes.
        BigInteger serial = new BigInteger(127, random).setBit(126);
        return new X509v3CertificateBuilder(
                issuer, serial, Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, publicKey);
    }

    /**
     * RFC 8410 PKCS#8 v1 (no embedded public key), as {@code openssl genpkey} writes it. Bouncy
     * Castle's factory writes v2 with the public key, which OpenSSL 3.0 cannot read.
     */
    static PrivateKeyInfo pkcs8(Ed25519PrivateKeyParameters key) throws IOException {
        return new PrivateKeyInfo(ED25519, new DEROctetString(key.getEncoded()));
    }

    private static ContentSigner signer(Ed25519PrivateKeyParameters key) {
        try {
            return new BcEdECContentSignerBuilder(ED25519).build(key);
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot create an Ed25519 signer", e);
        }
    }

    private KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is mandatory in every JRE", e);
        }
    }

    private static String requireIpLiteral(String ip) {
        // InetAddress.getByName would resolve a host name; accept only literals.
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("IP address '" + ip + "' must be an IPv4 or IPv6 literal");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("IP address '" + ip + "' is not a valid literal", e);
        }
    }
}
