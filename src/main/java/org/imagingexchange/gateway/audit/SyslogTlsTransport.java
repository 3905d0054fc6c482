// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.openehealth.ipf.commons.audit.DefaultAuditMetadataProvider;
import org.openehealth.ipf.commons.audit.protocol.RFC5425Protocol;

/**
 * ITI-20 transport: DICOM audit messages as RFC 5424 syslog messages over TLS (RFC 5425) with
 * octet-counting framing ({@code MSG-LEN SP <85>1 TIMESTAMP HOST APP PROCID IHE+RFC-3881 - BOM XML}),
 * the framing and header being IPF's {@link RFC5425Protocol}. TLS 1.2 or 1.3, the repository's
 * certificate checked against the configured trust store and (by default) its host name, our
 * client certificate offered for mutual authentication.
 *
 * <p>Syslog over TCP has no acknowledgement. To not lose records on a collector that went away,
 * the connection is tested (a short read that must time out, as syslog never sends) before a
 * batch and again just after it; a batch is only reported delivered when both succeed. A
 * collector that stops reading cannot block the sender forever: a batch that takes longer than
 * the write deadline has its connection closed under it.
 */
final class SyslogTlsTransport extends RFC5425Protocol implements AutoCloseable {
    private static final int PROBE_BEFORE_MILLIS = 1;
    private static final int PROBE_AFTER_MILLIS = 25;
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(30);

    private final AuditSettings.Collector collector;
    private final SSLContext ssl;
    private final DefaultAuditMetadataProvider metadata = new DefaultAuditMetadataProvider();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-syslog-watchdog");
        t.setDaemon(true);
        return t;
    });
    private Socket tcp;
    private SSLSocket socket;

    SyslogTlsTransport(AuditSettings.Collector collector, String appName) throws GeneralSecurityException, IOException {
        this.collector = collector;
        this.ssl = sslContext(collector.tls());
        metadata.setSendingApplication(appName);
    }

    String target() {
        return collector.host() + ":" + collector.port();
    }

    /** One octet-counted frame: {@code MSG-LEN SP SYSLOG-MSG}. */
    byte[] frame(String xml) {
        return getTransportPayload(metadata, xml);
    }

    /** Sends each XML as one frame, in order; returns only when the batch is believed delivered. */
    synchronized void send(List<String> xmls) throws IOException {
        SSLSocket s = connection();
        Socket underlying = tcp;
        ScheduledFuture<?> deadline = watchdog.schedule(() -> closeQuietly(underlying),
                WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        try {
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            for (String xml : xmls) {
                out.write(frame(xml));
            }
            out.flush();
            if (!alive(s, PROBE_AFTER_MILLIS)) {
                throw new IOException("the audit repository closed the connection while the batch was sent");
            }
        } catch (IOException e) {
            close();
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private SSLSocket connection() throws IOException {
        if (socket != null && alive(socket, PROBE_BEFORE_MILLIS)) {
            return socket;
        }
        close();
        int timeout = (int) collector.connectTimeout().toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(collector.host(), collector.port()), timeout);
            plain.setKeepAlive(true);
            SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(plain, collector.host(), collector.port(), true);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (collector.tls().verifyHostname()) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            s.setSSLParameters(p);
            s.setUseClientMode(true);
            s.setSoTimeout(timeout);
            s.startHandshake();
            tcp = plain;
            socket = s;
            return s;
        } catch (IOException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    /** A syslog receiver never writes: a read that times out means the connection is still open. */
    private static boolean alive(SSLSocket s, int millis) {
        try {
            s.setSoTimeout(millis);
            InputStream in = s.getInputStream();
            return in.read() != -1;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(socket);
        closeQuietly(tcp);
        socket = null;
        tcp = null;
    }

    void shutdown() {
        close();
        watchdog.shutdownNow();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static SSLContext sslContext(AuditSettings.Tls tls) throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = null;
        if (tls != null && tls.keyStore() != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(tls.keyStore(), tls.keyStorePassword()), chars(tls.keyStorePassword()));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(tls != null && tls.trustStore() != null ? load(tls.trustStore(), tls.trustStorePassword()) : null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, chars(password));
        }
        return ks;
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
