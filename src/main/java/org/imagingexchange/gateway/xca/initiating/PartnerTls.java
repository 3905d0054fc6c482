// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

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
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;

/**
 * The TLS side of calling a partner (ITI-19 as the client): this node's key store presented as
 * the client certificate, the trust store that partners' server certificates must chain to, and
 * per partner its own SSL context whose trust manager ({@link PartnerServerTrust}) also pins the
 * partner's registered TLS identities. One context per partner, so that neither a kept-alive
 * connection nor a resumed TLS session checked for one partner is ever used for another.
 */
final class PartnerTls {
    private final KeyManager[] keys;
    private final X509ExtendedTrustManager pkix;
    private final PartnerDirectory directory;
    private final Auditor auditor;

    /** Reads the stores of the settings; without a trust store, the JDK's CAs; without a key store, no client certificate. */
    PartnerTls(InitiatingSettings s, PartnerDirectory directory, Auditor auditor) {
        this.directory = directory;
        this.auditor = auditor;
        try {
            KeyManager[] k = null;
            if (s.tlsKeyStore() != null) {
                char[] password = chars(s.tlsKeyStorePassword());
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(s.tlsKeyStore(), password), password);
                k = kmf.getKeyManagers();
            }
            keys = k;
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(s.tlsTrustStore() == null ? null : load(s.tlsTrustStore(), chars(s.tlsTrustStorePassword())));
            pkix = pkixOf(tmf.getTrustManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS stores for partner calls: " + e.getMessage(), e);
        }
    }

    /**
     * The sockets of calls to {@code p}: the CXF query client and the streamed retrieves
     * ({@link org.imagingexchange.gateway.soap.StreamedRetrieveCall}) both use them, so both keep their connections alive per partner.
     */
    SSLSocketFactory socketFactory(Partner p) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys, new TrustManager[] {new PartnerServerTrust(p, directory, pkix, auditor)}, null);
            return new HostChecking(ssl.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for partner " + p.name() + ": " + e.getMessage(), e);
        }
    }

    /** CXF's TLS settings over {@link #socketFactory}: its own host-name verifier is then not needed. */
    static TLSClientParameters parameters(SSLSocketFactory sockets) {
        TLSClientParameters tls = new TLSClientParameters();
        tls.setDisableCNCheck(false);
        tls.setSSLSocketFactory(sockets);
        return tls;
    }

    private static X509ExtendedTrustManager pkixOf(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JDK's PKIX trust manager factory gave no X509ExtendedTrustManager");
    }

    static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    /**
     * Turns on the JDK's host-name check (endpoint identification "HTTPS") on every socket, so it
     * runs inside the handshake for CXF and HttpURLConnection alike, before the request is written.
     */
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
