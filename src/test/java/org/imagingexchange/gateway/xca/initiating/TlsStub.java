// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A bare TLS server on 127.0.0.1 presenting a chosen key and certificate and asking for a client
 * certificate of the lab CA, that only counts: handshakes begun, handshakes completed, and the
 * bytes of application data it read (the HTTP request, were one ever sent). Whatever it reads
 * it answers HTTP 503. The witness that a refused partner received nothing.
 */
final class TlsStub implements AutoCloseable {
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicLong requestBytes = new AtomicLong();
    private final SSLServerSocket server;
    private final Thread acceptor;

    TlsStub(PrivateKey key, X509Certificate[] chain, KeyStore trusted) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", key, new char[0], chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        acceptor = new Thread(this::serve, "tls-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url(String path) {
        return URI.create("https://127.0.0.1:" + server.getLocalPort() + "/" + path);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                attempts.incrementAndGet();
                s.setSoTimeout(5_000);
                try {
                    s.startHandshake();
                } catch (IOException refused) {
                    continue; // the client gave up in the handshake: nothing of its request exists
                }
                handshakes.incrementAndGet();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                int n = in.read(buf);
                if (n > 0) {
                    requestBytes.addAndGet(n);
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // closed by the test, or a client that went away: keep serving until closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
