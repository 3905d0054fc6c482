// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * This node as a TLS client: its key store ({@code gateway.tls.keystore}) presented as the client
 * certificate, and the trust store that servers' certificates must chain to. Partner calls add
 * a certificate pin per partner on top (xca.initiating.PartnerTls); calls to this community's
 * own external registry, repository and Imaging Document Source use {@link #socketFactory()}.
 */
public final class NodeTlsClient {
    private final KeyManager[] keys;
    private final X509ExtendedTrustManager pkix;

    /** Without a trust store, the JDK's CAs; without a key store, no client certificate. */
    public NodeTlsClient(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        try {
            KeyManager[] k = null;
            if (keyStore != null) {
                char[] password = chars(keyStorePassword);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore, password), password);
                k = kmf.getKeyManagers();
            }
            keys = k;
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trustStore == null ? null : load(trustStore, chars(trustStorePassword)));
            pkix = pkixOf(tmf.getTrustManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS stores for outbound calls: " + e.getMessage(), e);
        }
    }

    public KeyManager[] keyManagers() {
        return keys;
    }

    public X509ExtendedTrustManager pkix() {
        return pkix;
    }

    /** Sockets with this node's client certificate, PKIX trust and the host-name check. */
    public SSLSocketFactory socketFactory() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys, new TrustManager[] {pkix}, null);
            return hostChecking(ssl.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for outbound calls: " + e.getMessage(), e);
        }
    }

    /**
     * {@code sockets} with the JDK's host-name check (endpoint identification "HTTPS") turned on
     * for every socket, so it runs inside the handshake for CXF and HttpURLConnection alike,
     * before the request is written.
     */
    public static SSLSocketFactory hostChecking(SSLSocketFactory sockets) {
        return new HostChecking(sockets);
    }

    public static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    public static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static X509ExtendedTrustManager pkixOf(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JDK's PKIX trust manager factory gave no X509ExtendedTrustManager");
    }

    private static final class HostChecking extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        HostChecking(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket checked(Socket s) {
            if (s instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return checked(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return checked(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return checked(delegate.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return checked(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return checked(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return checked(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return checked(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
