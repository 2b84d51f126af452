package io.liaison.cli;

import io.liaison.controlplane.ControlPlaneStartException;
import io.liaison.runtime.StartupRefusedException;
import io.liaison.runtime.config.LiaisonSettings;
import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one sentence on stderr and an exit code, instead of a
 * stack trace. {@link UserError}s and the runtime's {@link StartupRefusedException}s are the user's to fix (exit 1),
 * and so is a backbone that refuses to start because its trust and policy topics cannot be followed
 * ({@link ControlPlaneStartException}); anything else is ours (exit 70), and its stack trace is
 * printed when LIAISON_DEBUG is set.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    public static final int INTERNAL = 70;

    /** A failure the user can fix: bad input, missing file, unreachable service. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }

        public UserError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        var err = cl.getErr();
        String command = cl.getCommandSpec().qualifiedName();
        if (ex instanceof UserError
                || ex instanceof StartupRefusedException
                || ex instanceof ControlPlaneStartException) {
            err.println(command + ": " + ex.getMessage());
            return 1;
        }
        err.println(command + ": internal error: " + ex);
        if (System.getenv(LiaisonSettings.DEBUG.env()) != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set LIAISON_DEBUG=1 for the stack trace)");
        }
        return INTERNAL;
    }
}
