package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientConnection;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.security.ScramCredential;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.Validity;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the embedded broker protects its listeners; there is no unprotected mode.
 *
 * <ul>
 *   <li>client and inter-broker listener: SASL_SSL, SCRAM-SHA-512 only, the broker's {@code tls-broker}
 *       certificate; the admin's SCRAM credential is written into the metadata log when storage is
 *       formatted, other users are created through the Admin API;
 *   <li>controller listener: SSL with a required client certificate (mutual TLS): only a holder of a
 *       CA-issued certificate gets a TLS session, and only the broker's own principal is a super user.
 *       (SCRAM cannot guard it: the controller serves the metadata that holds the SCRAM credentials.)
 *   <li>Kafka's {@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false}, super users
 *       the admin and the broker's certificate principal.
 * </ul>
 *
 * @param admin the super user's SCRAM credential
 * @param tls   the broker's key store and the CA
 */
public record BrokerSecurity(ScramCredential admin, BrokerTls tls) {
    public BrokerSecurity {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(tls, "tls");
        if (!Principals.ADMIN.equals(admin.user())) {
            throw new IllegalArgumentException(
                    "the broker's super user must be '" + Principals.ADMIN + "', was '" + admin.user() + "'");
        }
    }

    /**
     * The embedded default's broker security from files, created where missing: the PKI's CA (as
     * {@code liaison pki init} would), the broker's certificate ({@link BrokerTls#ensure}) and the
     * admin's password ({@code <secrets>/admin.password}, 0600).
     */
    public static BrokerSecurity ensure(PkiDirectory pki, CredentialStore secrets, Clock clock) {
        ensureCa(pki, clock);
        return new BrokerSecurity(secrets.ensure(Principals.ADMIN), BrokerTls.ensure(pki, clock));
    }

    /**
     * As {@link #ensure(PkiDirectory, CredentialStore, Clock)} for node {@code name} of a
     * {@link KafkaCluster}, whose certificate is for {@code host} (an IP address) and localhost.
     */
    public static BrokerSecurity ensure(
            PkiDirectory pki, CredentialStore secrets, String name, String host, Clock clock) {
        ensureCa(pki, clock);
        return new BrokerSecurity(
                secrets.ensure(Principals.ADMIN),
                BrokerTls.ensure(pki, name, BrokerTls.DNS_NAMES, List.of(host), clock));
    }

    private static void ensureCa(PkiDirectory pki, Clock clock) {
        if (!pki.hasCa()) {
            pki.init(
                    CertificateAuthority.DEFAULT_NAME,
                    Validity.starting(clock, Validity.DEFAULT_CA),
                    Optional.empty(),
                    new SecureRandom());
        }
    }

    /** How a client holding {@code credential} reaches the client listener. */
    public ClientConnection clientConnection(ScramCredential credential) {
        return ClientConnection.scram(credential, tls.trust());
    }

    /** How the admin reaches the client listener. */
    public ClientConnection adminConnection() {
        return clientConnection(admin);
    }
}
