package io.liaison.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.audit.AuditEntry;
import io.liaison.audit.LogTree;
import io.liaison.audit.checkpoint.AddCheckpoint;
import io.liaison.audit.checkpoint.Checkpoint;
import io.liaison.audit.checkpoint.CheckpointNotes;
import io.liaison.audit.checkpoint.CheckpointVerifier;
import io.liaison.audit.checkpoint.PublishedCheckpoint;
import io.liaison.audit.checkpoint.SignedNote;
import io.liaison.audit.checkpoint.Witness;
import io.liaison.audit.export.AuditExport;
import io.liaison.audit.export.ExportFormat;
import io.liaison.audit.proof.AgencySlices;
import io.liaison.cli.Liaison;
import io.liaison.kernel.crypto.Digests;
import io.liaison.kernel.crypto.SigningIdentity;
import io.liaison.kernel.trust.KeyRole;
import io.liaison.kernel.trust.RecordTime;
import io.liaison.kernel.trust.TrustStore;
import io.liaison.pki.CertificateAuthority;
import io.liaison.pki.IssuedCertificate;
import io.liaison.pki.PemFiles;
import io.liaison.pki.SigningIdentities;
import io.liaison.pki.Validity;
import io.liaison.registry.WireFormat;
import io.liaison.schemas.audit.AuditDecision;
import io.liaison.schemas.audit.AuditFieldAction;
import io.liaison.schemas.audit.AuditRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The audit verbs end to end on an export file: no Kafka, no registry. */
class AuditCommandTest {
    private static final String ORIGIN = "liaison.test/audit";
    private static final Instant NOW = Instant.now();
    private static final Path POLICY = Path.of("..", "config", "policy.yaml");

    /** The last record is a refused feed request whose purpose an analyst typed. */
    private static final int ANALYST_REQUEST = 29;

    private static final String TYPED_PURPOSE = "anything-at-all";

    @TempDir
    static Path dir;

    static Path backboneCert;
    static Path witnessCert;
    static SigningIdentity witness;
    static Path export;
    static SigningIdentity backbone;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void signedExport() throws Exception {
        SecureRandom random = new SecureRandom();
        IssuedCertificate root = CertificateAuthority.createRoot(
                "Test Root", Validity.of(NOW.minus(Duration.ofDays(1)), Duration.ofDays(30)), random);
        CertificateAuthority ca =
                CertificateAuthority.of(root.certificate(), root.privateKey(), Clock.systemUTC(), random);
        IssuedCertificate issued = ca.issueSigning(
                "backbone",
                KeyRole.BACKBONE_ATTESTATION,
                Validity.of(NOW.minus(Duration.ofHours(1)), Duration.ofDays(10)));
        backbone = SigningIdentities.of(issued.privateKey(), issued.certificate());
        backboneCert = dir.resolve("backbone.crt");
        PemFiles.writePublic(backboneCert, issued.certificate());
        IssuedCertificate witnessIssued = ca.issueSigning(
                "oversight", KeyRole.WITNESS, Validity.of(NOW.minus(Duration.ofHours(1)), Duration.ofDays(10)));
        witness = SigningIdentities.of(witnessIssued.privateKey(), witnessIssued.certificate());
        witnessCert = dir.resolve("witness.crt");
        PemFiles.writePublic(witnessCert, witnessIssued.certificate());

        List<AuditEntry> records = new ArrayList<>();
        List<PublishedCheckpoint> checkpoints = new ArrayList<>();
        LogTree tree = new LogTree();
        for (int i = 0; i < 30; i++) {
            AuditRecord r = i == ANALYST_REQUEST
                    ? AuditRecord.newBuilder()
                            .setRecordId("rec-" + i)
                            .setEventTime(NOW.minus(Duration.ofMinutes(300 - 10L * i)))
                            .setDecision(AuditDecision.ACCESS_DENIED)
                            .setRecipient("ice")
                            .setRecipientPerson("analyst-7")
                            .setPurpose(TYPED_PURPOSE)
                            .setPolicyVersion("v1")
                            .setReasonCode("PURPOSE_NOT_PERMITTED")
                            .setReleasingComponent("liaison-gateway@test")
                            .setMethod("https-rest")
                            .build()
                    : AuditRecord.newBuilder()
                            .setRecordId("rec-" + i)
                            .setEventTime(NOW.minus(Duration.ofMinutes(300 - 10L * i)))
                            .setDecision(i % 4 == 3 ? AuditDecision.DENIED : AuditDecision.DELIVERED)
                            .setMessageId("msg-" + (i / 3))
                            .setMessageType("IncidentReport")
                            .setSender("cpd")
                            .setRecipient(i % 2 == 0 ? "ice" : "oversight")
                            .setPurpose(i % 2 == 0 ? "violent-crime-investigation" : "oversight")
                            .setPolicyVersion("v1")
                            .setFieldActions(
                                    i % 4 == 3 ? List.of() : List.of(new AuditFieldAction("suspect.name", "DROP")))
                            .setDeliveredDigest(ByteBuffer.wrap(Digests.sha256(("copy" + i).getBytes())))
                            .setReleasingComponent("liaison-streams@test")
                            .build();
            byte[] value = WireFormat.encode(r, 3);
            records.add(new AuditEntry(i, i, value));
            tree.append(value);
            if (tree.size() % 10 == 0) {
                String note = CheckpointNotes.sign(new Checkpoint(ORIGIN, tree.size(), tree.root()), backbone, ORIGIN)
                        .serialize();
                checkpoints.add(new PublishedCheckpoint(checkpoints.size(), new RecordTime.LogAppend(NOW), note));
            }
        }
        export = dir.resolve("audit.jsonl");
        Files.write(
                export,
                ExportFormat.write(
                        new AuditExport(NOW, Map.of(3, AuditRecord.getClassSchema()), checkpoints, records)));
    }

    private static Run run(String... args) {
        CommandLine cl = Liaison.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void verifyAcceptsAnIntactExport() {
        Run run = run("audit", "verify", "--export", export.toString(), "--backbone-cert", backboneCert.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("records: 30, checkpoints verified: 3 of 3", "OK:");
    }

    @Test
    void verifyReportsTheFirstBadIndexOfATamperedExport() throws Exception {
        AuditExport read = ExportFormat.read(Files.readAllBytes(export)).export();
        List<AuditEntry> records = new ArrayList<>(read.records());
        byte[] value = records.get(14).value();
        value[value.length - 2] ^= 0x20;
        records.set(14, new AuditEntry(14, 14, value));
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(
                tampered,
                ExportFormat.write(
                        new AuditExport(read.exportedAt(), read.writerSchemas(), read.checkpoints(), records)));

        Run run = run("audit", "verify", "--export", tampered.toString(), "--backbone-cert", backboneCert.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED: first bad index 10", "[10, 20)");
    }

    @Test
    void verifyWithATrustedCheckpointPassesOnlyWhenTheLogExtendsIt() throws Exception {
        AuditExport read = ExportFormat.read(Files.readAllBytes(export)).export();
        Path kept = Files.writeString(
                dir.resolve("kept.note"), read.checkpoints().get(1).note());
        LogTree log = new LogTree();
        read.records().stream().limit(20).forEach(e -> log.append(e.value()));
        LogTree other = new LogTree();
        for (int i = 0; i < 20; i++) {
            other.append(("another history " + i).getBytes());
        }
        Path foreign = Files.writeString(
                dir.resolve("foreign.note"),
                CheckpointNotes.sign(new Checkpoint(ORIGIN, 20, other.root()), backbone, ORIGIN)
                        .serialize());

        Run extended = run(
                "audit",
                "verify",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--trusted-checkpoint",
                kept.toString());
        Run replaced = run(
                "audit",
                "verify",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--trusted-checkpoint",
                foreign.toString());

        assertThat(extended.exit()).as(extended.err()).isZero();
        assertThat(extended.out()).contains("OK: the log extends the trusted checkpoint " + kept);
        assertThat(replaced.exit()).isEqualTo(1);
        assertThat(replaced.out())
                .contains("FAILED: first bad index 0: the audit log's root at size 20 is "
                        + HexFormat.of().formatHex(log.root()) + ", not the root "
                        + HexFormat.of().formatHex(other.root()) + " of the trusted checkpoint");
    }

    @Test
    void requireWitnessPassesOnlyWhenTheLatestCheckpointCarriesThatWitnesssCosignature() throws Exception {
        AuditExport read = ExportFormat.read(Files.readAllBytes(export)).export();
        LogTree tree = new LogTree();
        read.records().forEach(e -> tree.append(e.value()));
        TrustStore trust = new TrustStore()
                .add(Trust.trustedKey(backboneCert, KeyRole.BACKBONE_ATTESTATION))
                .add(Trust.trustedKey(witnessCert, KeyRole.WITNESS));
        Witness oversight = new Witness(
                witness, "oversight.test/witness", new CheckpointVerifier(trust), Set.of(ORIGIN), Map.of(), n -> {});
        List<PublishedCheckpoint> cosigned = new ArrayList<>();
        long last = 0;
        for (PublishedCheckpoint p : read.checkpoints()) {
            long size = Checkpoint.parse(SignedNote.parse(p.note()).text()).size();
            Witness.Decision d =
                    oversight.add(new AddCheckpoint(last, tree.consistencyProof(last, size), p.note()), NOW);
            cosigned.add(new PublishedCheckpoint(
                    p.offset(),
                    p.published(),
                    ((Witness.Decision.Cosigned) d).note().serialize()));
            last = size;
        }
        List<PublishedCheckpoint> latestUnwitnessed = new ArrayList<>(cosigned.subList(0, 2));
        latestUnwitnessed.add(read.checkpoints().get(2));
        Path witnessed = writeExport("witnessed.jsonl", read, cosigned);
        Path notLatest = writeExport("latest-unwitnessed.jsonl", read, latestUnwitnessed);
        String[] trustArgs = {"--backbone-cert", backboneCert.toString(), "--witness-cert", witnessCert.toString()};

        Run byOwner = verifyRequiringWitness(witnessed, trustArgs, "--require-witness", "oversight");
        Run byKeyName = verifyRequiringWitness(witnessed, trustArgs, "--require-witness=oversight.test/witness");
        Run byAny = verifyRequiringWitness(witnessed, trustArgs, "--require-witness");
        Run byAnother = verifyRequiringWitness(witnessed, trustArgs, "--require-witness", "guard");
        Run latestWithout = verifyRequiringWitness(notLatest, trustArgs, "--require-witness", "oversight");
        Run unwitnessed = verifyRequiringWitness(export, trustArgs, "--require-witness");

        assertThat(byOwner.exit()).as(byOwner.out()).isZero();
        assertThat(byOwner.out())
                .contains("(witnessed: 3)", "latest checkpoint cosigned by oversight.test/witness (oversight, key ");
        assertThat(byKeyName.exit()).as(byKeyName.out()).isZero();
        assertThat(byAny.exit()).as(byAny.out()).isZero();
        assertThat(byAnother.exit()).isEqualTo(1);
        assertThat(byAnother.out())
                .contains("FAILED: the latest verified checkpoint carries no verified cosignature of witness guard");
        assertThat(latestWithout.exit()).isEqualTo(1);
        assertThat(latestWithout.out())
                .contains("(witnessed: 2)", "FAILED: the latest verified checkpoint carries no verified cosignature");
        assertThat(unwitnessed.exit()).isEqualTo(1);
        assertThat(unwitnessed.out())
                .contains(
                        "FAILED: the latest verified checkpoint carries no verified cosignature of a trusted witness");
    }

    private static Path writeExport(String name, AuditExport read, List<PublishedCheckpoint> checkpoints)
            throws Exception {
        Path file = dir.resolve(name);
        Files.write(
                file,
                ExportFormat.write(
                        new AuditExport(read.exportedAt(), read.writerSchemas(), checkpoints, read.records())));
        return file;
    }

    private static Run verifyRequiringWitness(Path export, String[] trustArgs, String... require) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--export", export.toString()));
        args.addAll(List.of(trustArgs));
        args.addAll(List.of(require));
        return run(args.toArray(String[]::new));
    }

    @Test
    void consistencyPrintsTheProofBetweenTwoSizesAndChecksTwoCheckpointsWithIt() throws Exception {
        AuditExport read = ExportFormat.read(Files.readAllBytes(export)).export();
        LogTree tree = new LogTree();
        read.records().forEach(e -> tree.append(e.value()));
        Path proof = dir.resolve("proof-10-30.txt");
        Path older = Files.writeString(
                dir.resolve("size10.note"), read.checkpoints().get(0).note());
        Path newer = Files.writeString(
                dir.resolve("size30.note"), read.checkpoints().get(2).note());
        LogTree other = new LogTree();
        for (int i = 0; i < 30; i++) {
            other.append(("another history " + i).getBytes());
        }
        Path forked = Files.writeString(
                dir.resolve("forked30.note"),
                CheckpointNotes.sign(new Checkpoint(ORIGIN, 30, other.root()), backbone, ORIGIN)
                        .serialize());
        String cert = backboneCert.toString();

        Run printed = run(
                "audit",
                "consistency",
                "--export",
                export.toString(),
                "--from",
                "10",
                "--to",
                "30",
                "--out",
                proof.toString());
        Run extends_ = run(
                "audit",
                "consistency",
                "--backbone-cert",
                cert,
                "--old-checkpoint",
                older.toString(),
                "--new-checkpoint",
                newer.toString(),
                "--proof",
                proof.toString());
        Run fromLog = run(
                "audit",
                "consistency",
                "--export",
                export.toString(),
                "--backbone-cert",
                cert,
                "--old-checkpoint",
                older.toString(),
                "--new-checkpoint",
                forked.toString());

        StringBuilder expected = new StringBuilder();
        tree.consistencyProof(10, 30)
                .forEach(n ->
                        expected.append(Base64.getEncoder().encodeToString(n)).append('\n'));
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out())
                .startsWith("# consistency proof from size 10 (root ")
                .endsWith(expected.toString());
        assertThat(proof).hasContent(expected.toString().strip());
        assertThat(extends_.exit()).as(extends_.err()).isZero();
        assertThat(extends_.out())
                .contains("OK: the checkpoint of size 30 extends the checkpoint of size 10 of " + ORIGIN);
        assertThat(fromLog.exit()).isEqualTo(1);
        assertThat(fromLog.out())
                .contains("FAILED: the checkpoint of size 30 (root "
                        + HexFormat.of().formatHex(other.root()) + ") does not extend the checkpoint of size 10");
    }

    @Test
    void proveWritesAFileThatCheckProofVerifiesWithOnlyTheBackboneCertificate() throws Exception {
        Path proof = dir.resolve("proof.json");

        Run prove = run(
                "audit",
                "prove",
                "msg-4",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--out",
                proof.toString());
        Run check = run("audit", "check-proof", proof.toString(), "--backbone-cert", backboneCert.toString());
        Files.writeString(proof, Files.readString(proof).replace("\"index\" : 13", "\"index\" : 12"));
        Run altered = run("audit", "check-proof", proof.toString(), "--backbone-cert", backboneCert.toString());

        assertThat(prove.exit()).as(prove.err()).isZero();
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("OK: 3 audit records of message msg-4", "size 30");
        assertThat(altered.exit()).isEqualTo(1);
        assertThat(altered.out()).contains("FAILED: record 12 is not included");
    }

    @Test
    void exportAgencyWritesOnlyItsRecordsAndVerifySliceChecksThemWithOnlyTheBackboneCertificate() throws Exception {
        Path slice = dir.resolve("slice-oversight.json");

        Run exported = run(
                "audit",
                "export",
                "--agency",
                "oversight",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--out",
                slice.toString());
        Run verified = run("audit", "verify", "--slice", slice.toString(), "--backbone-cert", backboneCert.toString());

        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("14 of 30 audit records concern agency oversight", "size 30");
        assertThat(AgencySlices.parse(Files.readAllBytes(slice)).entries())
                .extracting(p -> p.entry().index())
                .containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L, 21L, 23L, 25L, 27L);
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.out())
                .startsWith(
                        "OK: 14 audit records concerning agency oversight (sent 0, received 14; DELIVERED 7, DENIED 7)")
                .contains("size 30");
    }

    @Test
    void verifySlicePrintsTheFirstFailingEntryOfAnAlteredOrMisnamedSlice() throws Exception {
        Path slice = dir.resolve("slice-ice.json");
        Run exported = run(
                "audit",
                "export",
                "--agency",
                "ice",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--out",
                slice.toString());
        String json = Files.readString(slice);
        Path misnamed = dir.resolve("slice-misnamed.json");
        Files.writeString(misnamed, json.replace("\"agency\" : \"ice\"", "\"agency\" : \"oversight\""));
        Path moved = dir.resolve("slice-moved.json");
        Files.writeString(moved, json.replace("\"index\" : 2,", "\"index\" : 3,"));

        Run misnamedRun =
                run("audit", "verify", "--slice", misnamed.toString(), "--backbone-cert", backboneCert.toString());
        Run movedRun = run("audit", "verify", "--slice", moved.toString(), "--backbone-cert", backboneCert.toString());

        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("16 of 30 audit records concern agency ice");
        assertThat(misnamedRun.exit()).isEqualTo(1);
        assertThat(misnamedRun.out())
                .isEqualTo("FAILED: record 0 does not concern agency oversight (sender cpd, recipient ice)"
                        + System.lineSeparator());
        assertThat(movedRun.exit()).isEqualTo(1);
        assertThat(movedRun.out()).startsWith("FAILED: record 3 is not included in the checkpoint of size 30");
    }

    @Test
    void reportWritesHtmlCsvAndJsonWhoseTotalIsTheLogs() throws Exception {
        Path out = dir.resolve("report");

        Run run = run(
                "report",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--policy",
                POLICY.toString(),
                "--out",
                out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("rows named by policy joint-operation-mou sha256:");
        assertThat(out.resolve("report.html")).content().contains("tree size 30");
        assertThat(out.resolve("report.csv"))
                .content()
                .contains(
                        "total,total,all records,30",
                        "flows,cpd->ice,City Police Department \u2192 Federal immigration enforcement strike team,");
        assertThat(out.resolve("report.json")).content().contains("\"total\" : 30");
    }

    @Test
    void aPurposeTypedIntoARefusedRequestIsCountedAsOtherAndNotShown() throws Exception {
        Path out = dir.resolve("report-k1");

        Run run = run(
                "report",
                "--export",
                export.toString(),
                "--backbone-cert",
                backboneCert.toString(),
                "--policy",
                POLICY.toString(),
                "--k",
                "1",
                "--out",
                out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        for (String file : List.of("report.html", "report.csv", "report.json")) {
            assertThat(out.resolve(file)).as(file).content().doesNotContain(TYPED_PURPOSE);
        }
        assertThat(out.resolve("report.csv"))
                .content()
                .contains("purposes,(undeclared),other (not declared in the policy),1\n");
    }

    @Test
    void reviewDueListsAnAgencysDeliveriesPastTheirReviewPeriodGroupedByType() {
        String twoYearsOn = NOW.plus(Duration.ofDays(2 * 366)).toString();

        Run run = run(
                "audit",
                "review-due",
                "--export",
                export.toString(),
                "--policy",
                POLICY.toString(),
                "--agency",
                "ice",
                "--as-of",
                twoYearsOn);

        assertThat(run.exit()).as(run.err()).isZero();
        // 15 deliveries to ice of 10 distinct incident reports; the policy keeps them P5Y, reviewed every P1Y
        assertThat(run.out())
                .contains("review due for ice as of " + twoYearsOn + " under policy joint-operation-mou sha256:")
                .containsPattern("IncidentReport +10 +0 +"
                        + NOW.minus(Duration.ofMinutes(300)).truncatedTo(ChronoUnit.SECONDS)
                        + " +keep P5Y, review every P1Y");
    }

    @Test
    void reviewDueIsEmptyBeforeAnyReviewPeriodHasPassedAndRefusesAnUnknownAgency() {
        Run now = run(
                "audit", "review-due", "--export", export.toString(), "--policy", POLICY.toString(), "--agency", "ice");
        Run unknown = run(
                "audit", "review-due", "--export", export.toString(), "--policy", POLICY.toString(), "--agency", "dea");

        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(now.out()).contains("nothing is due");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown agency 'dea'");
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : List.of("verify", "replay", "prove", "check-proof", "consistency", "export", "review-due")) {
            Run run = run("audit", verb, "--help");
            assertThat(run.exit()).as(verb).isZero();
            assertThat(run.out()).as(verb).contains("Usage: liaison audit " + verb);
        }
        assertThat(run("report", "--help").out()).contains("--k=K", "--policy=FILE");
    }

    @Test
    void aMissingExportIsAOneLineUserError() {
        Run run = run(
                "audit",
                "verify",
                "--export",
                dir.resolve("nope.jsonl").toString(),
                "--backbone-cert",
                backboneCert.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "liaison audit verify: no export file " + dir.resolve("nope.jsonl") + System.lineSeparator());
    }
}
