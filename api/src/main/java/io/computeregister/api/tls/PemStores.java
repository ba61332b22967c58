package io.computeregister.api.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM files to in-memory key stores for Jetty. BouncyCastle's PEM parser reads the key formats OpenSSL writes
 * (PKCS#8, PKCS#1 RSA, SEC1 EC); the JDK alone reads only PKCS#8. Errors name the file, never its content.
 */
final class PemStores {

    /** In-memory only; Jetty needs some password for the key entry. */
    static final String STORE_PASSWORD = "in-memory";

    private PemStores() {}

    static KeyStore keyStore(Path certificate, Path privateKey) {
        List<Certificate> chain = certificates(certificate, "--tls-cert");
        PrivateKey key = privateKey(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-key " + privateKey + " does not match --tls-cert " + certificate
                    + ": " + e.getMessage());
        }
    }

    static KeyStore trustStore(Path caFile) {
        List<Certificate> cas = certificates(caFile, "--tls-client-ca");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) store.setCertificateEntry("ca-" + i, cas.get(i));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the client CA trust store: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file, String option) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) throw new IllegalArgumentException(option + " " + file + ": no certificate in it");
            return certs;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(option + " " + file + ": not a PEM certificate");
        }
    }

    private static PrivateKey privateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            // The private half only: a SEC1 key may omit its public point, which getKeyPair would need.
            if (pem instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
            if (pem instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            throw new IllegalArgumentException("--tls-key " + file
                    + ": not an unencrypted PEM private key (PKCS#8, RSA or EC)");
        } catch (IOException e) {
            throw new IllegalArgumentException("--tls-key " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
