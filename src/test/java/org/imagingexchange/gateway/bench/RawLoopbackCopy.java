// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline: the same files sent over a plain TCP connection on 127.0.0.1 by a minimal Java
 * server, read and discarded by a client in 64 KiB reads. What a gateway could at best reach on
 * this machine (same page cache, same loopback, same JVM), with no HTTP, SOAP or MIME in the way.
 */
final class RawLoopbackCopy {
    /** How the server writes the files. */
    enum Mode {
        /** 64 KiB read/write loop through a heap buffer: the data path a Java servlet has. */
        BUFFERED,
        /** FileChannel.transferTo (sendfile): no copy through user space; the upper bound. */
        SENDFILE
    }

    private static final int BUFFER = 1 << 16;

    private RawLoopbackCopy() {}

    record Result(long bytes, long nanos) {
        double mbPerSecond() {
            return bytes / (double) (1 << 20) / (nanos / 1e9);
        }
    }

    /** Sends all files once over one fresh connection; the bytes the client read and the time. */
    static Result run(List<Path> files, Mode mode) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "raw-copy-server"));
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Future<Long> sent = pool.submit(() -> serve(server, files, mode));
            long start = System.nanoTime();
            long received = 0;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                 InputStream in = client.getInputStream()) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received += n;
                }
            }
            long nanos = System.nanoTime() - start;
            long sentBytes = sent.get();
            if (sentBytes != received) {
                throw new IOException("raw copy sent " + sentBytes + " bytes but the client read " + received);
            }
            return new Result(received, nanos);
        } catch (ExecutionException e) {
            throw new IOException("raw copy server failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long serve(ServerSocketChannel server, List<Path> files, Mode mode) throws IOException {
        try (SocketChannel s = server.accept()) {
            long total = 0;
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            for (Path f : files) {
                try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
                    total += mode == Mode.SENDFILE ? sendfile(in, s) : copy(in, s, buf);
                }
            }
            s.shutdownOutput();
            return total;
        }
    }

    private static long sendfile(FileChannel in, SocketChannel out) throws IOException {
        long size = in.size();
        long done = 0;
        while (done < size) {
            done += in.transferTo(done, size - done, out);
        }
        return done;
    }

    private static long copy(FileChannel in, SocketChannel out, ByteBuffer buf) throws IOException {
        long total = 0;
        while (true) {
            buf.clear();
            int n = in.read(buf);
            if (n < 0) {
                return total;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            total += n;
        }
    }

    static boolean allExist(List<Path> files) {
        return files.stream().allMatch(Files::isRegularFile);
    }
}
