package io.liaison.producer;

import io.liaison.cluster.topics.Topics;
import io.liaison.kernel.seal.EncryptionKey;
import io.liaison.kernel.seal.EncryptionRole;
import io.liaison.kernel.seal.SealContext;
import io.liaison.kernel.seal.SessionSealer;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateProfiles;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Seals an encoded envelope for an agency's ingress topic to the backbone's current encryption key
 * (docs/encryption.md), bound to the topic and the message id (the record key). The sender's
 * signature stays over the plaintext inside, with one key agreement per session, not per message
 * ({@link SessionSealer}). Thread-safe.
 */
public final class IngressSealer {
    private final TrustStore trust;
    private final Clock clock;
    private final SessionSealer sealer;

    /** @param trust where the backbone's certified encryption key comes from (kept current from the trust topic) */
    public IngressSealer(TrustStore trust, Clock clock) {
        this.trust = trust;
        this.clock = clock;
        this.sealer = new SessionSealer(clock, new SecureRandom());
    }

    /**
     * The ingress record value for {@code envelopeBytes} of {@code agency}.
     *
     * @throws PublishException NO_BACKBONE_KEY when no backbone encryption key is trusted now
     */
    public byte[] seal(String agency, String messageId, String messageType, byte[] envelopeBytes) {
        EncryptionKey backbone = trust.encryptionKey(
                        CertificateProfiles.BACKBONE_OWNER, EncryptionRole.BACKBONE, clock.instant())
                .orElseThrow(() -> new PublishException(
                        PublishException.Kind.NO_BACKBONE_KEY,
                        "no valid backbone encryption key is trusted; a message is never sent unsealed",
                        null));
        SealContext context = new SealContext(
                Topics.ingress(agency), messageId, agency, messageType, backbone.owner(), backbone.keyId());
        return sealer.sealInline(context, envelopeBytes, backbone).encode();
    }
}
