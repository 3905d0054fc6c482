// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.imagingexchange.gateway.security.pki.ClientFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.SecretFiles;

/**
 * Real TLS clients for the tests: an {@link SSLContext} that presents a given client certificate
 * (always, even one the JDK's own key manager would not pick: expired, wrong EKU ...) and
 * trusts the lab CA; and one-shot HTTPS requests over {@link SSLSocket}, so that the test sees
 * the handshake outcome itself.
 */
public final class TlsClients {
    private TlsClients() {}

    /** @param client the certificate to present, or null for none */
    public static SSLContext context(ClientFiles client, X509Certificate trustedCa) throws Exception {
        KeyManager[] kms = null;
        if (client != null) {
            char[] pw = SecretFiles.readPassword(client.password());
            KeyStore ks = KeyStores.read(client.keyStore(), pw);
            kms = new KeyManager[] {new FixedKeyManager(ks, "client", pw)};
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", trustedCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** An SSLContext presenting the key entry of a PKCS12 file (e.g. a community's keystore.p12). */
    public static SSLContext context(Path pkcs12, char[] password, String alias, X509Certificate trustedCa)
            throws Exception {
        KeyStore ks = KeyStores.read(pkcs12, password);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", trustedCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new KeyManager[] {new FixedKeyManager(ks, alias, password)}, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** What one HTTPS GET came to: the status line, or the exception that ended it. */
    public record Outcome(String statusLine, String body, Exception failure, String protocol, String cipherSuite) {
        public boolean handshakeRefused() {
            return failure != null;
        }

        public int status() {
            return statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
        }

        @Override
        public String toString() {
            return failure != null ? "refused: " + failure : statusLine + " over " + protocol + " " + cipherSuite;
        }
    }

    /**
     * Connects, handshakes, sends {@code GET path} and reads the whole answer. With TLS 1.3 the
     * client's handshake completes before the server has judged the client certificate; a
     * refusal then arrives as an alert on the first read, which counts as refused too.
     *
     * @param protocols  e.g. {"TLSv1.3"}; null for the context's defaults
     * @param suites     cipher suites to offer; null for the defaults
     */
    public static Outcome get(SSLContext ctx, int port, String path, String[] protocols, String[] suites) {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            if (protocols != null) {
                s.setEnabledProtocols(protocols);
            }
            if (suites != null) {
                s.setEnabledCipherSuites(suites);
            }
            var params = s.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(params);
            s.startHandshake();
            String protocol = s.getSession().getProtocol();
            String suite = s.getSession().getCipherSuite();
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (answer.isEmpty()) {
                return new Outcome(null, null, new IOException("connection closed without an answer"), protocol, suite);
            }
            int eol = answer.indexOf("\r\n");
            int body = answer.indexOf("\r\n\r\n");
            return new Outcome(answer.substring(0, eol), body < 0 ? "" : answer.substring(body + 4), null, protocol, suite);
        } catch (IOException e) {
            return new Outcome(null, null, e, null, null);
        }
    }

    /** Presents one key entry whatever the server asks for (issuers, key type). */
    static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final String alias;
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedKeyManager(KeyStore ks, String alias, char[] password) throws Exception {
            this.alias = alias;
            this.key = (PrivateKey) ks.getKey(alias, password);
            List<X509Certificate> list = new ArrayList<>();
            for (var c : ks.getCertificateChain(alias)) {
                list.add((X509Certificate) c);
            }
            this.chain = list.toArray(new X509Certificate[0]);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return alias.equals(a) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return alias.equals(a) ? key : null;
        }
    }

    /** The key managers of a PKCS12 store as the JDK would choose (for in-process servers). */
    static KeyManager[] keyManagers(Path pkcs12, char[] password) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(KeyStores.read(pkcs12, password), password);
        return kmf.getKeyManagers();
    }
}
