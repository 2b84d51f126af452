package io.liaison.web.auth;

import io.liaison.pki.CertificateKind;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.KeyIds;
import io.liaison.pki.PkiException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * The caller behind a client certificate that the TLS handshake already chained to the backbone
 * CA. The certificate must be a {@code tls-client} certificate (subject OU) whose single
 * {@code urn:liaison:agency:<id>} SAN URI names the same agency as its CN; the subject is the
 * first DNS SAN (e.g. {@code jdoe.cpd.analysts}), or the CN for an agency's shared system certificate.
 * Revocation is not checked here: {@link Authenticator} checks it against the live trust store.
 */
public final class ClientCertificates {
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private ClientCertificates() {}

    public static Authentication authenticate(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return new Authentication.Unauthenticated("no client certificate was presented");
        }
        X509Certificate leaf = chain[0];
        try {
            JcaX509CertificateHolder holder = new JcaX509CertificateHolder(leaf);
            Optional<CertificateKind> kind = CertificateProfiles.kind(holder);
            if (kind.isEmpty() || kind.get() != CertificateKind.TLS_CLIENT) {
                return new Authentication.Unauthenticated(
                        "client certificate " + leaf.getSubjectX500Principal() + " is not a tls-client certificate");
            }
            String owner = CertificateProfiles.owner(holder);
            List<String> agencies = new ArrayList<>();
            List<String> dnsNames = new ArrayList<>();
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    String value = String.valueOf(name.get(1));
                    if (type == SAN_URI && value.startsWith(CertificateProfiles.OWNER_URI_PREFIX)) {
                        agencies.add(value.substring(CertificateProfiles.OWNER_URI_PREFIX.length()));
                    } else if (type == SAN_DNS) {
                        dnsNames.add(value);
                    }
                }
            }
            if (agencies.size() != 1 || !agencies.get(0).equals(owner)) {
                return new Authentication.Unauthenticated(
                        "client certificate must name exactly one agency URI equal to its CN " + owner + ", names "
                                + agencies);
            }
            String subject = dnsNames.isEmpty() ? owner : dnsNames.get(0);
            return new Authentication.Authenticated(
                    new CallerIdentity(owner, subject, CallerIdentity.Method.MTLS), KeyIds.of(holder));
        } catch (CertificateEncodingException
                | CertificateParsingException
                | PkiException
                | IllegalArgumentException e) {
            return new Authentication.Unauthenticated("client certificate is malformed: " + e.getMessage());
        }
    }
}
