package io.liaison.policy;

import io.liaison.kernel.crypto.SigningIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One approver's Ed25519 signature over a policy version.
 *
 * <p>Signing input: UTF-8 {@value #DOMAIN}, one 0x00 byte, then the UTF-8 version string
 * ({@code sha256:<hex>}). The domain prefix keeps an approval from being replayed as any other
 * signature an agency key makes (envelopes, checkpoints).
 *
 * @param approver  agency id of the approver
 * @param keyId     the agency signing key's id in the trust store
 * @param version   the policy version approved
 * @param signature 64-byte Ed25519 signature
 */
public record PolicyApproval(String approver, String keyId, String version, byte[] signature) {
    public static final String DOMAIN = "liaison/policy-approval/v1";

    public PolicyApproval {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(version, "version");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public static byte[] signingInput(String version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(version.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code identity}'s approval of {@code candidate}; the identity's owner is the approving agency. */
    public static PolicyApproval sign(SigningIdentity identity, Policy candidate) {
        return new PolicyApproval(identity.owner(), identity.keyId(), candidate.version(),
                identity.sign(signingInput(candidate.version())));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyApproval a && approver.equals(a.approver) && keyId.equals(a.keyId)
                && version.equals(a.version) && Arrays.equals(signature, a.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(approver, keyId, version, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "PolicyApproval[" + approver + " key " + keyId + " for " + version + "]";
    }
}
