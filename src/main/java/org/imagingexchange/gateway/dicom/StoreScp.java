// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's DICOM C-STORE SCP (PS3.4 Annex B): the entry for instances sent by the local PACS
 * and modalities. Each instance is spooled to disk as it arrives, validated to its last byte with
 * {@link DicomFiles}, and handed to an {@link InstanceReceiver}; bad input is answered with a failure
 * status and the SCP keeps serving. PixelMed does the association negotiation and PDU framing.
 *
 * <pre>
 * StoreScp scp = new StoreScp();
 * scp.start(new StoreScpConfig(11112, "GATEWAY", spoolDir, DicomLimits.defaults()), receiver);
 * ...
 * scp.close();
 * </pre>
 *
 * Its sockets use TCP_NODELAY (DESIGN section 8: Nagle's algorithm cuts DIMSE throughput several
 * fold); PixelMed has no option for it, so the SCP accepts connections itself and sets it.
 */
public final class StoreScp implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreScp.class.getName());
    /** Largest P-DATA PDU we announce; PDUs over {@link #MAX_ANY_PDU} end the connection. */
    private static final int MAX_PDU_LENGTH = 256 * 1024;
    private static final int MAX_ANY_PDU = 1 << 20;
    private static final int MAX_ASSOCIATIONS = 64;
    private static final int IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private ThreadPoolExecutor workers;

    /** Binds the port and starts accepting associations; throws if the port cannot be bound. */
    public synchronized void start(StoreScpConfig config, InstanceReceiver receiver) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        Files.createDirectories(config.spoolDirectory());
        removeLeftovers(config.spoolDirectory());
        ServerSocket s = new PduGuard.GuardedServerSocket(MAX_ANY_PDU);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(config.port()), 50);
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, MAX_ASSOCIATIONS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dicom-scp-" + config.aeTitle() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = s;
        acceptor = new Thread(() -> accept(s, config, receiver), "dicom-scp-accept-" + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info(() -> "C-STORE SCP " + config.aeTitle() + " listening on port " + s.getLocalPort());
    }

    private void accept(ServerSocket s, StoreScpConfig config, InstanceReceiver receiver) {
        while (!s.isClosed()) {
            Socket socket;
            try {
                socket = s.accept();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    LOG.log(Level.WARNING, "C-STORE SCP accept failed", e);
                }
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                open.add(socket);
                workers.execute(() -> {
                    try {
                        new StoreAssociation(socket, config, receiver, MAX_PDU_LENGTH).run();
                    } finally {
                        open.remove(socket);
                    }
                });
            } catch (SocketException | RejectedExecutionException e) {
                LOG.warning(() -> "C-STORE SCP refused a connection: " + e.getMessage());
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    /** True while the SCP accepts associations (for health checks). */
    public boolean isListening() {
        ServerSocket s = server;
        Thread t = acceptor;
        return s != null && s.isBound() && !s.isClosed() && t != null && t.isAlive();
    }

    /** The bound port (useful when the configured port was 0); -1 before start. */
    public int localPort() {
        ServerSocket s = server;
        return s == null ? -1 : s.getLocalPort();
    }

    /** Stops listening and ends open associations. */
    @Override
    public synchronized void close() {
        ServerSocket s = server;
        if (s == null) {
            return;
        }
        closeQuietly(s);
        workers.shutdown();
        try {
            acceptor.join(5000);
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                open.forEach(StoreScp::closeQuietly);
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> "C-STORE SCP on port " + s.getLocalPort() + " closed");
    }

    /** Removes spool files a previous run left behind (a crash between receiving and handing over). */
    private static void removeLeftovers(Path spool) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, DimseRequest.SPOOL_PREFIX + "*.dcm")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
