package io.liaison.policy.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command structure as plain lines, for {@code liaison policy explain --command} and logs. */
public final class CommandReport {
    private CommandReport() {}

    public static List<String> lines(CommandStructure command) {
        List<String> out = new ArrayList<>();
        if (command.roles().isEmpty()) {
            out.add("the policy declares no unified command (no command: section)");
            return out;
        }
        out.add("roles and points of contact");
        String agency = null;
        for (CommandRole role : command.roles().values()) {
            if (!role.ref().agency().equals(agency)) {
                agency = role.ref().agency();
                out.add("  " + agency);
            }
            out.add("    " + role.ref().role() + "  " + role.title() + ": " + role.contact() + " (" + role.channel()
                    + ")");
        }
        for (DirectiveKind kind : command.kinds().values()) {
            out.add("");
            out.add("directive " + kind.id() + ": " + kind.description());
            for (Map.Entry<RoleRef, Set<RoleRef>> grant : kind.grants().entrySet()) {
                out.add("  " + grant.getKey() + " may direct " + String.join(", ", names(grant.getValue())));
            }
            out.add("  unanswered or declined by its deadline, it escalates to:");
            int step = 1;
            for (EscalationStep s : kind.escalation()) {
                String title =
                        command.role(s.authority()).map(CommandRole::title).orElse("");
                out.add("    " + step++ + ". " + s.authority() + " (" + title + "), who has " + human(s)
                        + " to answer");
            }
            out.add("    then it is recorded as unresolved");
        }
        return out;
    }

    private static List<String> names(Set<RoleRef> roles) {
        return roles.stream().map(RoleRef::toString).toList();
    }

    private static String human(EscalationStep s) {
        long minutes = s.within().toMinutes();
        if (minutes > 0 && s.within().toSeconds() % 60 == 0) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return s.within().toSeconds() + " seconds";
    }
}
