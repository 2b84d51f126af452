package io.liaison.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PKCS#12 key and trust stores for Kafka and other JSSE users ({@code ssl.keystore.type=PKCS12}).
 * The key store holds one entry: the TLS private key with the chain [certificate, CA]; the trust
 * store holds the CA certificate alone.
 */
public final class TlsStores {
    /** Alias of the CA certificate in trust stores. */
    public static final String CA_ALIAS = "liaison-ca";

    private TlsStores() {}

    public static byte[] keyStore(String alias, IssuedCertificate tls, X509CertificateHolder ca, Passphrase password) {
        try {
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(tls.privateKey());
            KeyStore store = empty();
            char[] chars = password.chars();
            store.setKeyEntry(alias, key, chars, new X509Certificate[] {jca(tls.certificate()), jca(ca)});
            return save(store, chars);
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build the PKCS#12 key store for " + alias + ": " + e.getMessage(), e);
        }
    }

    public static byte[] trustStore(X509CertificateHolder ca, Passphrase password) {
        try {
            KeyStore store = empty();
            store.setCertificateEntry(CA_ALIAS, jca(ca));
            return save(store, password.chars());
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build the PKCS#12 trust store: " + e.getMessage(), e);
        }
    }

    static X509Certificate jca(X509CertificateHolder certificate) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(certificate);
    }

    private static KeyStore empty() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static byte[] save(KeyStore store, char[] password) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        Arrays.fill(password, '\0');
        return out.toByteArray();
    }
}
