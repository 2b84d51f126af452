package io.liaison.embedded.kafka;

import io.liaison.cluster.security.ClientTrust;
import io.liaison.pki.CertificateKind;
import io.liaison.pki.CertificateProfiles;
import io.liaison.pki.Passphrase;
import io.liaison.pki.PemFiles;
import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.pki.Validity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded broker's TLS material from the project PKI: its {@code tls-broker} key store (one
 * key for every listener, server to clients and both ends of the controller's mutual TLS) and the
 * trust store with the CA. Both stores are opened at construction, so a missing file or a wrong
 * password stops the start with the file and the reason.
 *
 * @param keyStore         PKCS#12 key store with the broker key and chain [broker, CA] ({@code ssl.keystore.location})
 * @param keyStorePassword its password ({@code ssl.keystore.password})
 * @param trust            the CA every peer must chain to ({@code ssl.truststore.*})
 */
public record BrokerTls(Path keyStore, Passphrase keyStorePassword, ClientTrust trust) {
    /** Name of the embedded broker's certificate in the PKI ({@code tls/kafka/broker.*}). */
    public static final String NAME = "kafka";
    /** Host names every client and the broker itself dial: the listeners are on 127.0.0.1 only. */
    static final List<String> DNS_NAMES = List.of("localhost");

    static final List<String> IP_ADDRESSES = List.of("127.0.0.1");
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(1);

    public BrokerTls {
        Objects.requireNonNull(keyStore, "ssl.keystore.location");
        Objects.requireNonNull(keyStorePassword, "ssl.keystore.password");
        Objects.requireNonNull(trust, "trust");
        principalOf(keyStore, keyStorePassword);
    }

    /**
     * The Kafka principal the broker's certificate authenticates as on a mutual-TLS listener, as
     * Kafka's default principal builder names it: {@code User:CN=kafka,OU=tls-broker,O=Liaison}.
     */
    public String principal() {
        return principalOf(keyStore, keyStorePassword);
    }

    /** The current {@code tls-broker} certificate {@code name} of {@code pki}, and the PKI's trust store. */
    public static BrokerTls fromPki(PkiDirectory pki, String name) {
        PkiDirectory.Slot slot = pki.slot(name, CertificateKind.TLS_BROKER);
        if (!Files.isRegularFile(slot.keyStore())) {
            throw new IllegalArgumentException("ssl.keystore.location " + slot.keyStore()
                    + " does not exist: issue it with " + "`liaison pki issue-tls " + name + " --broker`");
        }
        try {
            return new BrokerTls(slot.keyStore(), pki.storePassword(slot.keyStore()), ClientTrust.fromPki(pki));
        } catch (PkiException e) {
            throw new IllegalArgumentException(
                    "ssl.keystore.password of " + slot.keyStore() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The embedded broker's certificate ({@value #NAME}, for localhost and 127.0.0.1), issued by the
     * PKI's CA when there is none or it expires within a day; the CA must exist (unencrypted key,
     * as the embedded default keeps it).
     */
    public static BrokerTls ensure(PkiDirectory pki, Clock clock) {
        return ensure(pki, NAME, DNS_NAMES, IP_ADDRESSES, clock);
    }

    /**
     * The {@code tls-broker} certificate {@code name} for {@code dnsNames} and {@code ipAddresses},
     * issued as {@link #ensure(PkiDirectory, Clock)} issues the embedded broker's: one per node of a
     * {@link KafkaCluster}, each for the address that node listens on.
     */
    public static BrokerTls ensure(
            PkiDirectory pki, String name, List<String> dnsNames, List<String> ipAddresses, Clock clock) {
        PkiDirectory.Slot slot = pki.slot(name, CertificateKind.TLS_BROKER);
        boolean usable = Files.isRegularFile(slot.keyStore())
                && CertificateProfiles.validity(PemFiles.readCertificate(slot.certificate()))
                        .notAfter()
                        .isAfter(clock.instant().plus(RENEW_BEFORE));
        if (!usable) {
            SecureRandom random = new SecureRandom();
            pki.issueTls(
                    pki.authority(Optional.empty(), clock, random),
                    name,
                    CertificateKind.TLS_BROKER,
                    dnsNames,
                    ipAddresses,
                    Validity.starting(clock, VALIDITY),
                    Optional.empty(),
                    random);
        }
        return fromPki(pki, name);
    }

    /** Opens the key store and names the subject of its key entry's certificate (RFC 2253, as Kafka does). */
    private static String principalOf(Path file, Passphrase password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ssl.keystore.location " + file + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.chars());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return "User:" + certificate.getSubjectX500Principal().getName();
                }
            }
            throw new IllegalArgumentException(
                    "ssl.keystore.location " + file + " holds no private key with a certificate");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "ssl.keystore.location " + file + " cannot be opened as PKCS#12 with its password: "
                            + e.getMessage(),
                    e);
        }
    }
}
