package io.liaison.consumer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liaison.policy.Policy;
import io.liaison.policy.command.CommandRole;
import io.liaison.policy.command.DirectiveKind;
import io.liaison.policy.command.EscalationStep;
import io.liaison.policy.command.RoleRef;
import java.util.Map;
import java.util.Set;

/** The unified command of the policy in force as JSON, for the console: roles and contacts, grants, escalation paths. */
final class CommandView {
    private CommandView() {}

    static ObjectNode json(Policy policy) {
        ObjectNode body = InboxEvents.JSON.createObjectNode();
        body.put("policyVersion", policy.version());
        body.put("purpose", policy.command().purpose());
        ArrayNode roles = body.putArray("roles");
        for (CommandRole role : policy.command().roles().values()) {
            roles.addObject()
                    .put("role", role.ref().toString())
                    .put("title", role.title())
                    .put("contact", role.contact())
                    .put("channel", role.channel());
        }
        ArrayNode kinds = body.putArray("directives");
        for (DirectiveKind kind : policy.command().kinds().values()) {
            ObjectNode k = kinds.addObject().put("kind", kind.id()).put("description", kind.description());
            ArrayNode grants = k.putArray("grants");
            for (Map.Entry<RoleRef, Set<RoleRef>> grant : kind.grants().entrySet()) {
                ArrayNode to = grants.addObject()
                        .put("from", grant.getKey().toString())
                        .putArray("to");
                grant.getValue().forEach(r -> to.add(r.toString()));
            }
            ArrayNode path = k.putArray("escalation");
            for (EscalationStep step : kind.escalation()) {
                path.addObject()
                        .put("notify", step.authority().toString())
                        .put("within", step.within().toString());
            }
        }
        return body;
    }
}
