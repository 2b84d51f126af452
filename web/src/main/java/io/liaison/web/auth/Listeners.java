package io.liaison.web.auth;

import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/** The one way a Liaison HTTP service listens: HTTPS on the project's TLS policy, or plain HTTP when given no TLS. */
public final class Listeners {
    private Listeners() {}

    /** A connector on {@code host}:{@code port} that does not announce Jetty's version. */
    public static ServerConnector connector(
            Server server, HttpConfiguration base, Optional<TlsSettings> tls, String host, int port) {
        HttpConfiguration http = new HttpConfiguration(base);
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (tls.isPresent()) {
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(
                    server,
                    new SslConnectionFactory(tls.get().jettyServerTls(), "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
