package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientSecurity;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.security.ScramCredential;
import java.util.Objects;

/**
 * How the embedded broker protects its client listener.
 *
 * <ul>
 *   <li>{@link #plaintext()}: no authentication, no authorizer (the original embedded mode);
 *   <li>{@link #scram(ScramCredential)}: SASL/SCRAM-SHA-512 on the client listener, Kafka's
 *       {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}, and the admin
 *       credential as the only super user. The admin's SCRAM credential is written into the
 *       metadata log when storage is formatted; other users are created through the Admin API.
 * </ul>
 *
 * The KRaft controller listener cannot use SCRAM (its credentials live in the metadata it serves),
 * so it uses SASL/PLAIN with the admin's password instead, and stays bound to 127.0.0.1.
 *
 * @param admin the super user's credential; null for {@link #plaintext()}
 */
public record BrokerSecurity(ScramCredential admin) {
    public BrokerSecurity {
        if (admin != null && !Principals.ADMIN.equals(admin.user())) {
            throw new IllegalArgumentException("the broker's super user must be '" + Principals.ADMIN + "', was '" + admin.user() + "'");
        }
    }

    public static BrokerSecurity plaintext() {
        return new BrokerSecurity(null);
    }

    public static BrokerSecurity scram(ScramCredential admin) {
        return new BrokerSecurity(Objects.requireNonNull(admin, "admin"));
    }

    public boolean secured() {
        return admin != null;
    }

    /** How clients reach the client listener when they bring {@code credential} (ignored in plaintext mode). */
    public ClientSecurity clientSecurity(ScramCredential credential) {
        return secured() ? ClientSecurity.scram(credential) : ClientSecurity.plaintext();
    }

    /** How the admin reaches the client listener. */
    public ClientSecurity adminSecurity() {
        return secured() ? ClientSecurity.scram(admin) : ClientSecurity.plaintext();
    }
}
