// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 POST over a plain socket, for the benchmarks' lean RAD-69 reader: the answer's
 * chunked body is decoded straight from one 64 KiB buffer into the caller's array. The JDK's
 * HttpURLConnection copies every chunk through its own buffers first, which on two cores shared
 * with the server cost the client up to 1 s of CPU per GB, billed to the server's figure. Plain
 * http only; the connection is closed with the body.
 */
final class SocketHttp {
    private SocketHttp() {}

    record Response(int status, Map<String, List<String>> headers, InputStream body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    static Response post(URI url, String contentType, byte[] body) throws IOException {
        if (!"http".equalsIgnoreCase(url.getScheme())) {
            throw new IOException("SocketHttp speaks plain http only: " + url);
        }
        Socket socket = new Socket(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        try {
            OutputStream out = socket.getOutputStream();
            String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String h; !(h = line(in)).isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(h.substring(colon + 1).strip());
                }
            }
            Response r = new Response(Integer.parseInt(parts[1]), headers, null);
            String te = r.header("transfer-encoding");
            String length = r.header("content-length");
            InputStream bodyIn = te != null && te.toLowerCase(Locale.ROOT).contains("chunked") ? new Chunked(in, socket)
                    : new Bounded(in, socket, length == null ? Long.MAX_VALUE : Long.parseLong(length));
            return new Response(r.status(), headers, bodyIn);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the connection ended inside a header");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** A response body read from the socket's buffered stream; closing it closes the connection. */
    private abstract static class Body extends InputStream {
        final InputStream in;
        private final Socket socket;

        Body(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A chunked body: chunk sizes read, chunk data handed out straight from the buffered stream. */
    private static final class Chunked extends Body {
        private long left;
        private boolean done;

        Chunked(InputStream in, Socket socket) {
            super(in, socket);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (left == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection ended inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in); // the CRLF after the chunk data
            }
            return n;
        }
    }

    /** A body of known length (or up to the end of the connection). */
    private static final class Bounded extends Body {
        private long left;

        Bounded(InputStream in, Socket socket, long length) {
            super(in, socket);
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
