package io.liaison.cli;

import io.liaison.runtime.config.LiaisonSettings;
import io.liaison.runtime.config.ListenAddress;
import io.liaison.runtime.config.SettingSources;
import io.liaison.web.management.Check;
import io.liaison.web.management.ManagementServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts the management listener ({@code /health}, {@code /ready}, {@code /metrics}) of {@code
 * backbone run} and {@code checkpoint run} where {@link LiaisonSettings#MANAGEMENT_LISTEN} says.
 */
public final class ManagementListener {
    private ManagementListener() {}

    public static ManagementServer start(
            SettingSources sources,
            PrometheusMeterRegistry registry,
            Supplier<List<Check>> liveness,
            Supplier<List<Check>> readiness,
            PrintWriter out) {
        ListenAddress at = sources.require(LiaisonSettings.MANAGEMENT_LISTEN, null);
        try {
            ManagementServer server = ManagementServer.start(at.host(), at.port(), registry, liveness, readiness);
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
