package io.liaison.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM in and out: certificates and CRLs as OpenSSL writes them, private keys as PKCS#8
 * ({@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY}: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC).
 *
 * <p>Private key files are created with mode 0600 in the same call that creates them (never
 * chmod-ed afterwards, which would leave a window where another user could open them), and are
 * never overwritten.
 */
public final class PemFiles {
    /**
     * PBKDF2 iterations for encrypted keys: OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000;
     * a key is decrypted once per process start, so the ~0.3 s this costs here does not matter.
     */
    static final int PBKDF2_ITERATIONS = 600_000;

    /** Not registered globally: only the PKCS#8 encryptor needs a provider, and it names this one. */
    private static final Provider BC = new BouncyCastleProvider();

    private PemFiles() {}

    public static String toPem(Object certificateOrCrl) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificateOrCrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Every PEM object in {@code text}, in order (certificates, CRLs, keys as Bouncy Castle types). */
    public static List<Object> parseAll(String text) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException("not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    public static X509CertificateHolder parseCertificate(String pem, String source) {
        return single(pem, source, X509CertificateHolder.class, "CERTIFICATE");
    }

    public static X509CertificateHolder readCertificate(Path file) {
        return parseCertificate(read(file), file.toString());
    }

    public static X509CRLHolder readCrl(Path file) {
        return single(read(file), file.toString(), X509CRLHolder.class, "X509 CRL");
    }

    /** Writes a certificate or CRL (public data, default permissions), replacing any previous file atomically. */
    public static void writePublic(Path file, Object certificateOrCrl) {
        writeAtomically(file, toPem(certificateOrCrl).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes public data through a temporary file, so readers see the old or the new content, never half. */
    static void writeAtomically(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** PKCS#8 PEM, encrypted when a passphrase is given. */
    public static String privateKeyPem(PrivateKeyInfo key, Optional<Passphrase> passphrase) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (passphrase.isPresent()) {
                char[] chars = passphrase.get().chars();
                try {
                    writer.writeObject(new PKCS8Generator(
                            key,
                            new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                                    .setIterationCount(PBKDF2_ITERATIONS)
                                    .setRandom(new SecureRandom())
                                    .setProvider(BC)
                                    .setPassword(chars)
                                    .build()));
                } finally {
                    Arrays.fill(chars, '\0');
                }
            } else {
                writer.writeObject(new PKCS8Generator(key, null));
            }
        } catch (IOException | OperatorCreationException e) {
            throw new PkiException("cannot encode private key: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** Creates {@code file} with mode 0600 and writes the key; refuses to replace an existing file. */
    public static void writePrivateKey(Path file, PrivateKeyInfo key, Optional<Passphrase> passphrase) {
        writeSecret(file, privateKeyPem(key, passphrase).getBytes(StandardCharsets.US_ASCII));
    }

    /** Creates {@code file} with mode 0600 (atomically with its creation) and writes {@code content}. */
    public static void writeSecret(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(
                    file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly))) {
                out.write(content);
            }
        } catch (FileAlreadyExistsException e) {
            throw new PkiException("refusing to overwrite existing secret " + file, e);
        } catch (UnsupportedOperationException e) {
            throw new PkiException(
                    "cannot create " + file + " with mode 0600: the file system has no POSIX permissions", e);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKeyInfo parsePrivateKey(String pem, String source, Optional<Passphrase> passphrase) {
        List<Object> objects = parseAll(pem);
        if (objects.size() != 1) {
            throw new PkiException(
                    source + " must hold exactly one private key, found " + objects.size() + " PEM objects");
        }
        Object o = objects.get(0);
        if (o instanceof PrivateKeyInfo plain) {
            return plain;
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            if (passphrase.isEmpty()) {
                throw new PkiException(source + " is encrypted: a passphrase is required");
            }
            char[] chars = passphrase.get().chars();
            try {
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BC)
                        .build(chars));
            } catch (PKCSException | OperatorCreationException e) {
                throw new PkiException("cannot decrypt " + source + ": wrong passphrase or damaged file", e);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        throw new PkiException(source + " must hold a PKCS#8 private key (PRIVATE KEY or ENCRYPTED PRIVATE KEY), found "
                + o.getClass().getSimpleName());
    }

    public static PrivateKeyInfo readPrivateKey(Path file, Optional<Passphrase> passphrase) {
        return parsePrivateKey(read(file), file.toString(), passphrase);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T> T single(String pem, String source, Class<T> type, String label) {
        List<Object> objects = parseAll(pem);
        if (objects.size() != 1 || !type.isInstance(objects.get(0))) {
            throw new PkiException(source + " must hold exactly one " + label + " PEM block");
        }
        return type.cast(objects.get(0));
    }
}
