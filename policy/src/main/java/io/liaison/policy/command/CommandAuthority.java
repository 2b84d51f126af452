package io.liaison.policy.command;

import io.liaison.kernel.envelope.RejectionReason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;

/**
 * Publisher authority for the unified command, beyond the message-type table: a Directive's issuer
 * and an Acknowledgement's responder must be roles the sending agency holds, and a Directive's kind
 * and addressees must be ones the MOU grants its issuing role. The one place this is checked.
 */
public final class CommandAuthority {
    public static final String DIRECTIVE = "Directive";
    public static final String ACKNOWLEDGEMENT = "Acknowledgement";

    private CommandAuthority() {}

    /** Why the backbone must refuse the message. */
    public record Refusal(RejectionReason reason, String detail) {}

    /** The refusal for a {@code messageType} payload from {@code sender}, or empty when the MOU allows it (or says nothing: other types). */
    public static Optional<Refusal> check(
            CommandStructure command, String sender, String messageType, GenericRecord payload) {
        if (DIRECTIVE.equals(messageType)) {
            Optional<RoleRef> issuer = role(payload.get("issuer"));
            if (issuer.isEmpty() || !command.holds(sender, issuer.get())) {
                return Optional.of(notHeld(sender, payload.get("issuer"), "issuer"));
            }
            Set<RoleRef> addressees = new TreeSet<>();
            for (Object a : (List<?>) payload.get("addressees")) {
                Optional<RoleRef> addressee = role(a);
                if (addressee.isEmpty()) {
                    return Optional.of(
                            new Refusal(RejectionReason.DIRECTIVE_NOT_AUTHORIZED, "addressee " + a + " names no role"));
                }
                addressees.add(addressee.get());
            }
            return command.directiveRefusal(issuer.get(), String.valueOf(payload.get("kind")), addressees)
                    .map(why -> new Refusal(RejectionReason.DIRECTIVE_NOT_AUTHORIZED, why));
        }
        if (ACKNOWLEDGEMENT.equals(messageType)) {
            Optional<RoleRef> responder = role(payload.get("responder"));
            if (responder.isEmpty() || !command.holds(sender, responder.get())) {
                return Optional.of(notHeld(sender, payload.get("responder"), "responder"));
            }
        }
        return Optional.empty();
    }

    private static Refusal notHeld(String sender, Object claimed, String field) {
        String named = role(claimed).map(RoleRef::toString).orElse(String.valueOf(claimed));
        return new Refusal(
                RejectionReason.ROLE_NOT_HELD,
                sender + " declares " + field + " " + named + ", a role the MOU does not give " + sender);
    }

    /** A {@code CommandRoleRef} as read into the pinned contract; empty when either part is blank. */
    public static Optional<RoleRef> role(Object commandRoleRef) {
        GenericRecord r = (GenericRecord) commandRoleRef;
        String agency = String.valueOf(r.get("agency"));
        String role = String.valueOf(r.get("role"));
        return agency.isBlank() || role.isBlank() ? Optional.empty() : Optional.of(new RoleRef(agency, role));
    }
}
