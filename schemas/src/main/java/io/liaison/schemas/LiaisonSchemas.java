package io.liaison.schemas;

import io.liaison.schemas.audit.AuditRecord;
import io.liaison.schemas.command.CommandEvent;
import io.liaison.schemas.command.DirectiveState;
import io.liaison.schemas.envelope.Envelope;
import io.liaison.schemas.envelope.QuarantineRecord;
import io.liaison.schemas.payload.Acknowledgement;
import io.liaison.schemas.payload.CommunityNotice;
import io.liaison.schemas.payload.DeploymentOrder;
import io.liaison.schemas.payload.Directive;
import io.liaison.schemas.payload.Escalation;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.ResourceRequest;
import io.liaison.schemas.payload.SituationReport;
import io.liaison.schemas.payload.WarrantNotice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The catalogue of Liaison's Avro contracts, and the one place that tells Avro to trust them.
 *
 * <p>Avro 1.12 refuses to instantiate generated classes outside trusted packages
 * ({@code SecurityException: Forbidden ... not trusted}). Any code that decodes specific records
 * calls {@link #trustGeneratedClasses()} first; it is idempotent and cheap.
 */
public final class LiaisonSchemas {

    /** The package under which every generated class lives. */
    public static final String GENERATED_PACKAGE = "io.liaison.schemas";

    /**
     * Payload types, by message type name (the record's simple name): what agencies may publish, and
     * {@link #ESCALATION}, which only the backbone issues.
     */
    public static final List<Schema> PAYLOAD_SCHEMAS = List.of(
            IncidentReport.getClassSchema(),
            WarrantNotice.getClassSchema(),
            DeploymentOrder.getClassSchema(),
            ResourceRequest.getClassSchema(),
            SituationReport.getClassSchema(),
            CommunityNotice.getClassSchema(),
            Directive.getClassSchema(),
            Acknowledgement.getClassSchema(),
            Escalation.getClassSchema());

    /** Every top-level contract, payloads and backbone records alike. */
    public static final List<Schema> ALL_SCHEMAS = List.of(
            IncidentReport.getClassSchema(),
            WarrantNotice.getClassSchema(),
            DeploymentOrder.getClassSchema(),
            ResourceRequest.getClassSchema(),
            SituationReport.getClassSchema(),
            CommunityNotice.getClassSchema(),
            Directive.getClassSchema(),
            Acknowledgement.getClassSchema(),
            Escalation.getClassSchema(),
            CommandEvent.getClassSchema(),
            DirectiveState.getClassSchema(),
            Envelope.getClassSchema(),
            QuarantineRecord.getClassSchema(),
            AuditRecord.getClassSchema());

    /** The one payload type the backbone issues itself, signed with its attestation key; no agency may publish it. */
    public static final String ESCALATION = "Escalation";

    private static final Map<String, Schema> PAYLOADS_BY_TYPE =
            PAYLOAD_SCHEMAS.stream().collect(Collectors.toUnmodifiableMap(Schema::getName, Function.identity()));

    private static volatile boolean trusted;

    static {
        trustGeneratedClasses();
    }

    private LiaisonSchemas() {}

    /** Adds {@value #GENERATED_PACKAGE} to Avro's global class-security allow list. */
    public static synchronized void trustGeneratedClasses() {
        if (trusted) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith(GENERATED_PACKAGE + ".")));
        trusted = true;
    }

    /** The payload schema for a message type such as {@code IncidentReport}, if it is one. */
    public static Optional<Schema> payloadSchema(String messageType) {
        return Optional.ofNullable(PAYLOADS_BY_TYPE.get(messageType));
    }

    public static List<String> messageTypes() {
        return PAYLOAD_SCHEMAS.stream().map(Schema::getName).sorted().toList();
    }

    /** The message type name of a payload record. */
    public static String messageType(SpecificRecord payload) {
        return payload.getSchema().getName();
    }
}
