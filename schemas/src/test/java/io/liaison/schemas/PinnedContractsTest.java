package io.liaison.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.ResourceRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class PinnedContractsTest {
    private static final String IMMIGRATION_TAGS = "\"sensitivity\":[\"PII\",\"IMMIGRATION_STATUS\"]";

    private static Schema incidentReportWith(String from, String to) {
        String json = IncidentReport.getClassSchema().toString();
        assertThat(json).contains(from);
        return new Schema.Parser().parse(json.replace(from, to));
    }

    @Test
    void everyPinnedPayloadSchemaIsApprovedAndReadAsItself() {
        for (Schema pinned : LiaisonSchemas.PAYLOAD_SCHEMAS) {
            assertThat(PinnedContracts.approve(pinned.getName(), pinned))
                    .isEqualTo(new PinnedContracts.Approval.Approved(pinned));
        }
    }

    @Test
    void theAvscAsAnotherLanguageRegistersItIsApprovedSinceDocsAndJavaPropertiesDoNotCount() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(Path.of("src/main/avro/common/Location.avsc").toFile());
        parser.parse(Path.of("src/main/avro/common/Person.avsc").toFile());
        Schema avsc = parser.parse(
                Path.of("src/main/avro/payload/IncidentReport.avsc").toFile());
        assertThat(avsc).as("no avro.java.string properties").isNotEqualTo(IncidentReport.getClassSchema());

        assertThat(PinnedContracts.fingerprint(avsc))
                .isEqualTo(PinnedContracts.fingerprint(IncidentReport.getClassSchema()));
        assertThat(PinnedContracts.approve("IncidentReport", avsc))
                .isInstanceOf(PinnedContracts.Approval.Approved.class);
    }

    @Test
    void aRelabelledFieldHasTheSameCanonicalFormButIsNotApproved() {
        Schema relabelled = incidentReportWith(IMMIGRATION_TAGS, "\"sensitivity\":[\"OPERATIONAL\"]");
        assertThat(SchemaNormalization.toParsingForm(relabelled))
                .as("Avro's canonical form drops custom properties")
                .isEqualTo(SchemaNormalization.toParsingForm(IncidentReport.getClassSchema()));

        assertThat(PinnedContracts.approve("IncidentReport", relabelled))
                .isInstanceOfSatisfying(PinnedContracts.Approval.NotApproved.class, refused -> {
                    assertThat(refused.fingerprint())
                            .isEqualTo(PinnedContracts.fingerprint(relabelled))
                            .isNotEqualTo(PinnedContracts.fingerprint(IncidentReport.getClassSchema()));
                    assertThat(refused.detail())
                            .contains("io.liaison.schemas.common.Person.immigrationStatus is tagged "
                                    + "[OPERATIONAL] where the contract says [IMMIGRATION_STATUS, PII]");
                });
    }

    @Test
    void aRenamedTagPropertyLeavesTheFieldUntaggedAndIsNotApproved() {
        Schema renamed = incidentReportWith(IMMIGRATION_TAGS, "\"sensitivityTags\":[\"PII\",\"IMMIGRATION_STATUS\"]");

        assertThat(PinnedContracts.approve("IncidentReport", renamed))
                .isInstanceOfSatisfying(
                        PinnedContracts.Approval.NotApproved.class,
                        refused -> assertThat(refused.detail())
                                .contains(
                                        "Person.immigrationStatus is tagged [] where the contract says [IMMIGRATION_STATUS, PII]"));
    }

    @Test
    void anExtraFieldIsNotApprovedAndNamed() {
        Schema wider = incidentReportWith(
                "{\"name\":\"incidentId\"",
                "{\"name\":\"statusNote\",\"type\":[\"null\",\"string\"],\"default\":null,\"sensitivity\":[\"OPERATIONAL\"]},"
                        + "{\"name\":\"incidentId\"");

        assertThat(PinnedContracts.approve("IncidentReport", wider))
                .isInstanceOfSatisfying(
                        PinnedContracts.Approval.NotApproved.class,
                        refused -> assertThat(refused.detail())
                                .contains(
                                        "io.liaison.schemas.payload.IncidentReport.statusNote is not in the contract"));
    }

    @Test
    void anotherTypesContractIsNotApprovedForThisType() {
        Schema sitrep = LiaisonSchemas.payloadSchema("SituationReport").orElseThrow();

        assertThat(PinnedContracts.approve("IncidentReport", sitrep))
                .isInstanceOf(PinnedContracts.Approval.NotApproved.class);
        assertThat(PinnedContracts.approve("NoSuchType", sitrep))
                .isInstanceOfSatisfying(
                        PinnedContracts.Approval.NotApproved.class,
                        refused -> assertThat(refused.detail()).isEqualTo("there is no contract named NoSuchType"));
    }

    /** The released version 1 of ResourceRequest: its fingerprint must never change, or gateways still on it are quarantined. */
    private static final String RESOURCE_REQUEST_V1 =
            "sha256:083dea109fd8978424707d6a3436ddc598519cf28a180a764e9a6245ad30da16";

    private static Schema resourceRequestV1() throws IOException {
        try (var in = PinnedContracts.class.getResourceAsStream("contracts/ResourceRequest-v1.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void anEarlierApprovedVersionIsApprovedAndReadAsItselfWithTheBuildsTags() throws IOException {
        Schema v1 = resourceRequestV1();
        assertThat(PinnedContracts.fingerprint(v1)).isEqualTo(RESOURCE_REQUEST_V1);
        assertThat(v1.getField("deliveryContact")).isNull();

        assertThat(PinnedContracts.approve("ResourceRequest", v1))
                .isInstanceOfSatisfying(
                        PinnedContracts.Approval.Approved.class,
                        approved -> assertThat(PinnedContracts.fingerprint(approved.reader()))
                                .isEqualTo(RESOURCE_REQUEST_V1));
        assertThat(PinnedContracts.versions("ResourceRequest"))
                .extracting(PinnedContracts::fingerprint)
                .containsExactly(RESOURCE_REQUEST_V1, PinnedContracts.fingerprint(ResourceRequest.getClassSchema()));
    }

    @Test
    void everyApprovedVersionIsReadableByEveryLaterOneAsTheRegistryRequires() {
        for (Schema pinned : LiaisonSchemas.PAYLOAD_SCHEMAS) {
            List<Schema> versions = PinnedContracts.versions(pinned.getName());
            assertThat(versions.get(versions.size() - 1)).isEqualTo(pinned);
            for (int later = 1; later < versions.size(); later++) {
                for (int earlier = 0; earlier < later; earlier++) {
                    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(
                                            versions.get(later), versions.get(earlier))
                                    .getType())
                            .as(pinned.getName() + " version " + (later + 1) + " reads version " + (earlier + 1))
                            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                }
            }
        }
    }

    @Test
    void aRelabelledEarlierVersionIsNotApproved() throws IOException {
        Schema relabelled = new Schema.Parser()
                .parse(resourceRequestV1()
                        .toString()
                        .replace("\"sensitivity\":[\"STAFF\",\"PHONE\"]", "\"sensitivity\":[\"OPERATIONAL\"]"));

        assertThat(PinnedContracts.approve("ResourceRequest", relabelled))
                .isInstanceOf(PinnedContracts.Approval.NotApproved.class);
    }
}
