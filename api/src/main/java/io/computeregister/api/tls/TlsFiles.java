package io.computeregister.api.tls;

import java.nio.file.Path;

/**
 * PEM files for HTTPS ({@code --tls-cert}, {@code --tls-key}) and, optionally, the CA that client certificates must
 * chain to ({@code --tls-client-ca}: mutual TLS, as the original API ran). Only paths: the key is read once, at start.
 *
 * @param certificate the server certificate chain, leaf first
 * @param privateKey  the server's private key (PKCS#8, or PKCS#1 RSA / SEC1 EC), unencrypted
 * @param clientCa    CA certificate(s) client certificates must chain to; null = no client certificate asked for
 */
public record TlsFiles(Path certificate, Path privateKey, Path clientCa) {

    public TlsFiles {
        if (certificate == null || privateKey == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
    }

    public boolean mutual() {
        return clientCa != null;
    }
}
