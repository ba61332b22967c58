package io.computeregister.api.tls;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS connector the API listens on when TLS is configured (Javalin then adds no plain-HTTP connector, so
 * there is no unencrypted port). With a client CA, a client without a certificate signed by it fails the handshake.
 */
public final class HttpsConnector {

    private final SslContextFactory.Server ssl;

    /**
     * Reads and checks the PEM files now, so a bad file fails the start with its name.
     *
     * @throws IllegalArgumentException naming the option and file at fault
     */
    public HttpsConnector(TlsFiles files) {
        ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemStores.keyStore(files.certificate(), files.privateKey()));
        ssl.setKeyStorePassword(PemStores.STORE_PASSWORD);
        ssl.setKeyManagerPassword(PemStores.STORE_PASSWORD);
        if (files.mutual()) {
            ssl.setTrustStore(PemStores.trustStore(files.clientCa()));
            ssl.setNeedClientAuth(true);
        }
    }

    /** A connector on {@code host:port} (0 = any free port; read the bound one with {@code getLocalPort()}). */
    public ServerConnector create(Server server, HttpConfiguration base, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(base);
        // Clients often connect by IP; the certificate's names are the client's business, not a reason for a 400.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
