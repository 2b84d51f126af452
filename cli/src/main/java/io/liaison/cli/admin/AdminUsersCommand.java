package io.liaison.cli.admin;

import io.liaison.cluster.admin.ClusterAdmin;
import io.liaison.cluster.security.CredentialStore;
import io.liaison.cluster.security.Principals;
import io.liaison.cluster.security.ScramCredential;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code liaison admin users}: a SCRAM user for every service and every agency of the policy.
 * Passwords come from the secrets directory; missing files are created (random, 0600). A rotated
 * password is set on the broker first and stored after, so a failure never leaves the stored
 * password ahead of the broker.
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = {
            "Create the SCRAM-SHA-512 users of the backbone (admin, liaison-streams, checkpointer, "
                    + "auditor, quarantine-officer, schema-registry, and per agency the agency and its "
                    + "gateway.AGENCY) from the password files in the secrets directory, creating missing "
                    + "password files (random, mode 0600). --rotate USER sets a new password."
        })
final class AdminUsersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminConnection connection;

    @Option(
            names = "--rotate",
            paramLabel = "USER",
            split = ",",
            description = "Give these users a new random password (on the broker, then in the secrets directory).")
    List<String> rotate = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print what would change and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Set<String> users = Principals.users(connection.policy().agencies());
        for (String user : rotate) {
            if (!users.contains(user)) {
                throw new io.liaison.cli.CliErrors.UserError(
                        "--rotate " + user + ": not a backbone user; known users are " + users);
            }
        }
        CredentialStore store = connection.secrets();
        try (Admin admin = connection.connect()) {
            ClusterAdmin cluster = connection.cluster(admin);
            Set<String> existing = cluster.scramUsers();
            List<ScramCredential> toSet = new ArrayList<>();
            List<ScramCredential> rotated = new ArrayList<>();
            for (String user : users) {
                if (rotate.contains(user)) {
                    out.println("  ~ rotate  " + user);
                    rotated.add(store.fresh(user));
                } else if (!existing.contains(user)) {
                    out.println("  + create  " + user + (store.read(user).isPresent() ? "" : " (new password file)"));
                    if (!dryRun) {
                        toSet.add(store.ensure(user));
                    }
                } else {
                    out.println("  = exists  " + user);
                }
            }
            if (dryRun) {
                out.println("Dry run: nothing changed.");
                return 0;
            }
            toSet.addAll(rotated);
            cluster.upsertUsers(toSet);
            rotated.forEach(store::replace);
            out.println("Users: " + toSet.size() + " created or changed; password files in " + store.dir());
            return 0;
        } catch (IllegalStateException e) {
            throw AdminConnection.failed(e);
        }
    }
}
