// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.tls.NodeTlsClient;

/**
 * The baseline of a hop that must be TLS: the same files sent once over one mutual TLS 1.3
 * connection on 127.0.0.1 between two communities' node keys (JSSE, the JDK's default suite
 * order, as the gateways negotiate between themselves), 64 KiB writes and reads. A RAD-75 hop
 * between two gateways cannot be cheaper than this on the same machine; the plain
 * {@link RawLoopbackCopy} stays the baseline, this one shows how much of the gap is TLS.
 */
final class RawTlsCopy {
    private static final int BUFFER = 1 << 16;

    private RawTlsCopy() {}

    record Result(long bytes, long nanos, String suite) {
        double mbPerSecond() {
            return bytes / (double) (1 << 20) / (nanos / 1e9);
        }
    }

    /** Sends all files from {@code server}'s node key to a client with {@code client}'s node key. */
    static Result run(List<Path> files, CommunityFiles server, CommunityFiles client)
            throws IOException, InterruptedException {
        SSLContext serverTls = context(server);
        SSLContext clientTls = context(client);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-tls-copy-server"));
        try (SSLServerSocket listener = (SSLServerSocket) serverTls.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            Future<Long> sent = pool.submit(() -> serve(listener, files));
            long start = System.nanoTime();
            long received = 0;
            String suite;
            try (SSLSocket socket = (SSLSocket) clientTls.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.startHandshake();
                suite = socket.getSession().getCipherSuite();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received += n;
                }
            }
            long nanos = System.nanoTime() - start;
            long sentBytes = sent.get();
            if (sentBytes != received) {
                throw new IOException("raw TLS copy sent " + sentBytes + " bytes but the client read " + received);
            }
            return new Result(received, nanos, suite);
        } catch (ExecutionException e) {
            throw new IOException("raw TLS copy server failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long serve(SSLServerSocket listener, List<Path> files) throws IOException {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
            OutputStream out = s.getOutputStream();
            long total = 0;
            byte[] buf = new byte[BUFFER];
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        total += n;
                    }
                }
            }
            out.flush();
            s.shutdownOutput();
            return total;
        }
    }

    private static SSLContext context(CommunityFiles node) throws IOException {
        try {
            var passwords = node.readPasswords();
            char[] keyPassword = passwords.get("keystore.password").toCharArray();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(NodeTlsClient.load(node.keyStore(), keyPassword), keyPassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(NodeTlsClient.load(node.trustStore(), passwords.get("truststore.password").toCharArray()));
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + node.dir() + ": " + e.getMessage(), e);
        }
    }
}
