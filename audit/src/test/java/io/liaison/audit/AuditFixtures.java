package io.liaison.audit;

import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.export.AuditExport;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.Ed25519;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.kernel.trust.TrustedKey;
import io.liaison.policy.Policy;
import io.liaison.policy.PolicyException;
import io.liaison.policy.PolicyLoader;
import io.liaison.registry.WireFormat;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Audit records, keys and signed logs built in memory for the unit tests. */
public final class AuditFixtures {
    public static final String ORIGIN = "liaison.test/audit";
    public static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    public static final Instant KEYS_FROM = Instant.parse("2024-01-01T00:00:00Z");
    public static final Instant KEYS_TO = Instant.parse("2030-01-01T00:00:00Z");
    public static final int SCHEMA_ID = 7;

    private static final String[] AGENCIES = {"police", "fire", "ems", "dhs"};
    private static final String[] TYPES = {"IncidentReport", "WarrantNotice", "SituationReport"};
    private static final String[] PURPOSES = {"investigation", "emergency-response", "situational-awareness"};

    private AuditFixtures() {}

    public static SigningIdentity identity(String owner, long seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(key, 0);
        return new SigningIdentity(
                owner, Digests.hex(Digests.sha256(priv.generatePublicKey().getEncoded())), priv);
    }

    public static SigningIdentity randomIdentity(String owner) {
        Ed25519PrivateKeyParameters priv = (Ed25519PrivateKeyParameters)
                Ed25519.generate(new SecureRandom()).getPrivate();
        return new SigningIdentity(
                owner, Digests.hex(Digests.sha256(priv.generatePublicKey().getEncoded())), priv);
    }

    public static final SigningIdentity BACKBONE = identity("backbone", 1);
    public static final SigningIdentity WITNESS = identity("oversight-board", 2);

    public static TrustedKey trusted(SigningIdentity id, KeyRole role) {
        return new TrustedKey(id.keyId(), id.owner(), role, id.privateKey().generatePublicKey(), KEYS_FROM, KEYS_TO);
    }

    public static TrustStore trust() {
        return new TrustStore()
                .add(trusted(BACKBONE, KeyRole.BACKBONE_ATTESTATION))
                .add(trusted(WITNESS, KeyRole.WITNESS));
    }

    public static CheckpointVerifier verifier() {
        return new CheckpointVerifier(trust());
    }

    /** Record i of a deterministic, varied log: every 5th is a denial, every 7th a quarantine, the rest deliveries. */
    public static AuditRecord record(int i) {
        AuditDecision decision =
                i % 7 == 6 ? AuditDecision.QUARANTINED : i % 5 == 4 ? AuditDecision.DENIED : AuditDecision.DELIVERED;
        List<AuditFieldAction> actions = decision == AuditDecision.DELIVERED && i % 3 == 0
                ? List.of(
                        new AuditFieldAction("involvedPersons[0].name", "DROP"),
                        new AuditFieldAction("location.address", "GENERALIZE"))
                : List.of();
        return AuditRecord.newBuilder()
                .setRecordId("rec-" + i)
                .setEventTime(T0.plus(Duration.ofMinutes(37L * i)))
                .setDecision(decision)
                .setMessageId("msg-" + (i / 2))
                .setMessageType(TYPES[i % TYPES.length])
                .setClassification("CUI")
                .setSender(AGENCIES[i % 2])
                .setRecipient(AGENCIES[2 + (i % 2)])
                .setPurpose(PURPOSES[i % PURPOSES.length])
                .setPolicyVersion("v3")
                .setRuleIds(List.of("R" + (i % 4)))
                .setReasonCode(decision == AuditDecision.DELIVERED ? null : "RULE_DENY")
                .setFieldActions(actions)
                .setOriginalDigest(ByteBuffer.wrap(Digests.sha256(("original-" + i).getBytes())))
                .setDeliveredDigest(
                        decision == AuditDecision.DELIVERED ? ByteBuffer.wrap(Digests.sha256(inboxValue(i))) : null)
                .setDeliveredTopic(decision == AuditDecision.DELIVERED ? "inbox." + AGENCIES[2 + (i % 2)] : null)
                .setReleasingComponent("liaison-streams@test")
                .build();
    }

    /** The inbox bytes record i's delivery digest names. */
    public static byte[] inboxValue(int i) {
        return ("delivered-copy-" + i).getBytes();
    }

    public static List<AuditEntry> entries(int n) {
        List<AuditEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Offsets skip a number every 3 records, as transaction markers do.
            out.add(new AuditEntry(i, i + i / 3, WireFormat.encode(record(i), SCHEMA_ID)));
        }
        return out;
    }

    /** A signed log of n records with a checkpoint after every {@code every} records and one at the end. */
    public static AuditExport signedLog(int n, int every) {
        List<AuditEntry> entries = entries(n);
        LogTree tree = new LogTree();
        List<PublishedCheckpoint> checkpoints = new ArrayList<>();
        for (AuditEntry e : entries) {
            tree.append(e.value());
            if (tree.size() % every == 0 || tree.size() == n) {
                checkpoints.add(checkpoint(checkpoints.size(), tree));
            }
        }
        return new AuditExport(
                T0.plus(Duration.ofDays(30)), Map.of(SCHEMA_ID, AuditRecord.getClassSchema()), checkpoints, entries);
    }

    public static PublishedCheckpoint checkpoint(long offset, LogTree tree) {
        String note = CheckpointNotes.sign(new Checkpoint(ORIGIN, tree.size(), tree.root()), BACKBONE, ORIGIN)
                .serialize();
        return new PublishedCheckpoint(offset, new RecordTime.LogAppend(T0.plus(Duration.ofHours(tree.size()))), note);
    }

    /** A policy declaring exactly the agencies, purposes and message types of {@link #record}. */
    public static final String POLICY_YAML = """
            name: fixture-mou
            purposes:
              investigation: Investigating crime.
              emergency-response: Responding to fires, crashes and medical emergencies.
              situational-awareness: Knowing what is happening in the city.
            agencies:
              police: {name: City police, role: police, purposes: [investigation, situational-awareness], standing: [investigation]}
              fire: {name: Fire department, role: fire, purposes: [emergency-response], standing: [emergency-response]}
              ems: {name: Ambulance service, role: ems, purposes: [emergency-response], standing: [emergency-response]}
              dhs: {name: Homeland security, role: federal, purposes: [situational-awareness], standing: [situational-awareness]}
            publishers:
              police: [IncidentReport, WarrantNotice, SituationReport]
              fire: [SituationReport]
            profiles:
              ops:
                description: Operational only.
                actions: {OPERATIONAL: KEEP}
            rules:
              - id: reports-to-ems
                description: Situation reports go to the ambulance service.
                effect: allow
                profile: ops
                match: {messageTypes: [SituationReport], recipients: [ems]}
            approvals:
              required: 2
              approvers: [police, fire]
            """;

    public static Policy policy() {
        try {
            return PolicyLoader.parse("fixture.yaml", POLICY_YAML);
        } catch (PolicyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static VerificationResult verify(AuditExport export) {
        LogVerifier verifier = new LogVerifier(export.checkpoints(), verifier(), export.writerSchemas());
        export.records().forEach(verifier::accept);
        return verifier.finish();
    }
}
