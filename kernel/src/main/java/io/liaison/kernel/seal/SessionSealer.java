package io.liaison.kernel.seal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

/**
 * Seals a stream of records, each under its own fresh data key, with one X25519 key agreement per
 * owner key and session instead of one per record ({@link WrappedKey.Scheme#SESSION}): the first
 * record to an owner key sets up an HPKE context to it and exports a session key; each data key is
 * then wrapped under that session key with AES-256-GCM, bound to its record's context, and names
 * the session by its encapsulation. The owner derives the same session key once
 * ({@link DecryptionKeys}) and opens every record of the session with it.
 *
 * <p>A session ends after {@link #MAX_SESSION_AGE} or {@link #MAX_SESSION_RECORDS} records,
 * whichever comes first, so a session key in this process's memory opens at most that much, and
 * random 96-bit nonces under one key stay far below their collision bound. Crypto-shredding is
 * unchanged: the session key only unwraps data keys, and a data key destroyed in the key topic is
 * gone. Thread-safe.
 */
public final class SessionSealer {
    /** How long one session key wraps data keys. */
    public static final Duration MAX_SESSION_AGE = Duration.ofMinutes(1);
    /** How many data keys one session key wraps at most. */
    public static final int MAX_SESSION_RECORDS = 65_536;

    private final InstantSource clock;
    private final SecureRandom random;
    // By owner: each owner has one current key, so a session to a key rotated out is replaced by the
    // first record to its successor instead of staying in memory. Guarded by this.
    private final Map<String, Session> sessions = new HashMap<>();

    public SessionSealer(InstantSource clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Seals {@code plaintext} to {@code to} with its data key inside the record (ingress). */
    public SealedRecord sealInline(SealContext context, byte[] plaintext, EncryptionKey to) {
        byte[] bound = context.bytes();
        byte[] dataKey = Seal.dataKey(random);
        try {
            WrappedKey wrapped = wrap(context, bound, dataKey, to);
            return Seal.encrypt(
                    context, bound, new SealedRecord.KeyPlacement.Inline(wrapped), dataKey, plaintext, random);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Seals {@code plaintext} to {@code to}; the wrapped data key is to be stored under {@code keyRef} in the key topic. */
    public Seal.Sealed sealReferenced(SealContext context, String keyRef, byte[] plaintext, EncryptionKey to) {
        Objects.requireNonNull(keyRef, "keyRef");
        byte[] bound = context.bytes();
        byte[] dataKey = Seal.dataKey(random);
        try {
            WrappedKey wrapped = wrap(context, bound, dataKey, to);
            return new Seal.Sealed(
                    Seal.encrypt(
                            context,
                            bound,
                            new SealedRecord.KeyPlacement.Referenced(keyRef),
                            dataKey,
                            plaintext,
                            random),
                    wrapped);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** {@code bound} is {@code context} serialised, as both layers bind it. */
    private WrappedKey wrap(SealContext context, byte[] bound, byte[] dataKey, EncryptionKey to) {
        Seal.requireNamedKey(context, to);
        Session session = session(to);
        byte[] nonce = Seal.nonce(random);
        byte[] wrapped = Aes256Gcm.encrypt(session.key, nonce, Seal.sessionWrapAad(bound), dataKey);
        byte[] nonceAndKey = Arrays.copyOf(nonce, nonce.length + wrapped.length);
        System.arraycopy(wrapped, 0, nonceAndKey, nonce.length, wrapped.length);
        return new WrappedKey(WrappedKey.Scheme.SESSION, to.keyId(), session.encapsulation, nonceAndKey);
    }

    /** The current session to {@code to}, or a new one when there is none or it is used up. */
    private synchronized Session session(EncryptionKey to) {
        Instant now = clock.instant();
        Session session = sessions.get(to.owner());
        if (session == null || !session.keyId.equals(to.keyId()) || !session.usableAt(now)) {
            HPKEContextWithEncapsulation hpke =
                    Seal.hpke().setupBaseS(to.publicKey(), Seal.sessionInfo(to.owner(), to.keyId()));
            session = new Session(
                    to.keyId(), hpke.getEncapsulation(), hpke.export(Seal.SESSION_KEY_LABEL, Aes256Gcm.KEY_BYTES), now);
            sessions.put(to.owner(), session);
        }
        session.used++;
        return session;
    }

    private static final class Session {
        final String keyId;
        final byte[] encapsulation;
        final byte[] key;
        final Instant started;
        int used; // guarded by the sealer

        Session(String keyId, byte[] encapsulation, byte[] key, Instant started) {
            this.keyId = keyId;
            this.encapsulation = encapsulation;
            this.key = key;
            this.started = started;
        }

        boolean usableAt(Instant now) {
            return used < MAX_SESSION_RECORDS
                    && !now.isBefore(started) // a clock set back starts a new session rather than extend this one
                    && now.isBefore(started.plus(MAX_SESSION_AGE));
        }
    }
}
