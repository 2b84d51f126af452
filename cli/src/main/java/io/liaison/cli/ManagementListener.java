package io.liaison.cli;

import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.ListenAddress;
import io.liaison.runtime.config.SettingSources;
import io.liaison.web.management.ManagementServer;
import java.io.PrintWriter;
import java.net.BindException;

/**
 * Starts the management listener ({@code /health}, {@code /ready}, {@code /metrics}) of {@code
 * backbone run} and {@code checkpoint run} where {@link LiaisonSettings#MANAGEMENT_LISTEN} says.
 */
public final class ManagementListener {
    private ManagementListener() {}

    /** Starts a listener on a host and port. */
    @FunctionalInterface
    public interface Start {
        ManagementServer at(String host, int port);
    }

    public static ManagementServer start(SettingSources sources, Start start, PrintWriter out) {
        ListenAddress at = sources.require(LiaisonSettings.MANAGEMENT_LISTEN, null);
        try {
            ManagementServer server = start.at(at.host(), at.port());
            out.printf("health, readiness and metrics on http://%s:%d/%n", at.host(), server.port());
            out.flush();
            return server;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new CliErrors.UserError(
                            "cannot listen on " + at + " for /health, /ready and /metrics: " + cause.getMessage()
                                    + " (choose another with " + LiaisonSettings.MANAGEMENT_LISTEN.env() + ")",
                            e);
                }
            }
            throw e;
        }
    }
}
