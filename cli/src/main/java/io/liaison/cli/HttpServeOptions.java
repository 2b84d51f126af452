package io.liaison.cli;

import io.liaison.pki.PkiDirectory;
import io.liaison.pki.PkiException;
import io.liaison.web.auth.TlsSettings;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * How an HTTP service of the backbone listens (a picocli mixin shared by {@code ingest serve},
 * {@code gateway serve} and {@code witness serve}): the address, loopback unless the operator says otherwise, and HTTPS with a
 * server certificate from the PKI directory. Each command keeps its own {@code --port}, since the
 * defaults differ.
 */
public final class HttpServeOptions {
    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description =
                    "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 listens on every interface, as in a container).")
    String bind;

    @Option(
            names = "--tls-name",
            paramLabel = "NAME",
            description =
                    "Serve HTTPS with the server certificate `liaison pki issue-tls NAME --server` wrote to the PKI directory.")
    String tlsName;

    @Option(
            names = "--require-client-cert",
            description =
                    "With --tls-name: only clients with a tls-client certificate of the backbone CA may connect (mTLS only).")
    boolean requireClientCert;

    public String bind() {
        return bind;
    }

    /** HTTPS settings from {@code pki}, or empty for plain HTTP. */
    public Optional<TlsSettings> tls(PkiDirectory pki) {
        if (tlsName == null) {
            if (requireClientCert) {
                throw new CliErrors.UserError(
                        "--require-client-cert needs --tls-name: client certificates are checked only over HTTPS");
            }
            return Optional.empty();
        }
        try {
            TlsSettings tls = TlsSettings.fromPki(pki, tlsName, requireClientCert);
            tls.serverContext(); // fail here, naming the file, rather than inside the HTTP server
            return Optional.of(tls);
        } catch (IllegalArgumentException | PkiException e) {
            throw new CliErrors.UserError(
                    "no usable server certificate " + tlsName + " in " + pki.root() + " (" + e.getMessage()
                            + "); issue one with `liaison pki issue-tls " + tlsName + " --server --dns HOST`",
                    e);
        }
    }

    /** Starts a server, turning an address already in use into a one-line error that names it. */
    public <T> T bound(int port, Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new CliErrors.UserError(
                            "cannot listen on " + bind + ":" + port + ": " + cause.getMessage()
                                    + " (is another server using the port? choose one with --port)",
                            e);
                }
            }
            throw e;
        }
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then closes {@code service}. */
    public static void serveUntilStopped(AutoCloseable service, String name, PrintWriter out)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                service.close();
                            } catch (Exception e) {
                                System.err.println(name + ": error while stopping: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        name + "-shutdown"));
        out.println("running; stop with SIGTERM or Ctrl-C");
        out.flush();
        stopped.await();
    }
}
