// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a MIME multipart body (an MTOM message) part by part as streams, in 64 KiB blocks,
 * without holding a part in memory. CXF's own attachment reader looks for the boundary through a
 * 2 KiB pushback window and costs about 3 s of CPU per GB (bench/README.md); this one searches
 * 64 KiB blocks with Horspool's algorithm, stepping over most bytes without looking at them.
 *
 * <pre>{@code
 * MultipartReader mime = new MultipartReader(in, MultipartReader.boundary(contentType));
 * for (MultipartReader.Part p; (p = mime.next()) != null; ) {
 *     p.header("content-id"); p.body().transferTo(out);
 * }
 * }</pre>
 *
 * Untrusted input: header lines are limited to {@value #MAX_HEADER_LINE} bytes and
 * {@value #MAX_HEADERS} per part; a body that ends without the closing delimiter is an error,
 * never a silently shortened part.
 */
public final class MultipartReader {
    static final int BLOCK = 64 * 1024;
    static final int MAX_HEADER_LINE = 8 * 1024;
    static final int MAX_HEADERS = 64;

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final byte[] buf;
    private final int[] skip = new int[256];
    private int pos;
    private int lim;
    private boolean eof;
    private int clearUntil; // no delimiter starts in [pos, clearUntil): not searched twice
    private boolean finished; // closing delimiter seen
    private Part current;

    public MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new IllegalArgumentException("a MIME boundary of 1 to 200 characters is required");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BLOCK + delimiter.length + 4];
        Arrays.fill(skip, delimiter.length);
        for (int j = 0; j < delimiter.length - 1; j++) {
            skip[delimiter[j] & 0xff] = delimiter.length - 1 - j;
        }
        // The first delimiter may open the body without a preceding CRLF: pretend one was read.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    public static String boundary(String contentType) {
        return parameter(contentType, "boundary");
    }

    /** A parameter of a Content-Type (name case-insensitive), without its quotes, or null. */
    public static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        String[] params = contentType.split(";");
        for (int i = 1; i < params.length; i++) {
            String p = params[i].strip();
            if (p.regionMatches(true, 0, name + "=", 0, name.length() + 1)) {
                String v = p.substring(name.length() + 1).strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** The next part (the previous one is skipped to its end), or null after the closing delimiter. */
    public Part next() throws IOException {
        if (current == null) {
            skipPreamble();
        } else {
            current.body.skipToEnd();
        }
        if (finished) {
            return null;
        }
        current = new Part(readHeaders(), new PartStream());
        return current;
    }

    private void skipPreamble() throws IOException {
        while (true) {
            fill(delimiter.length + 2);
            int i = indexOf(pos, lim);
            if (i >= 0) {
                pos = i;
                afterDelimiter();
                return;
            }
            if (eof) {
                throw new EOFException("no MIME boundary in the message");
            }
            pos = Math.max(pos, lim - delimiter.length + 1);
        }
    }

    /** At a delimiter: consume it, then "--" (the end) or transport padding and CRLF. */
    private void afterDelimiter() throws IOException {
        pos += delimiter.length;
        fill(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            finished = true;
            return;
        }
        String rest = readLine(); // transport padding (spaces, tabs) up to CRLF
        if (!rest.isBlank()) {
            throw new IOException("malformed MIME delimiter line");
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine();
            if (line.isEmpty()) {
                return headers;
            }
            if (n >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " headers in a MIME part");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed MIME part header");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos >= lim) {
                fill(1);
                if (pos >= lim) {
                    throw new EOFException("MIME message ends inside a header");
                }
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("MIME header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Makes at least {@code wanted} bytes available from pos, unless the stream ends first. */
    private void fill(int wanted) throws IOException {
        if (lim - pos >= wanted || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            clearUntil = Math.max(0, clearUntil - pos);
            pos = 0;
        }
        while (lim < wanted || lim < BLOCK / 2) {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
                return;
            }
            lim += n;
            if (lim >= wanted && in.available() <= 0) {
                return;
            }
        }
    }

    /**
     * Where the delimiter starts in buf[from, to), or -1. Horspool's search: look at the byte
     * under the delimiter's last position and skip by how far that byte is from the delimiter's
     * end, so binary data is mostly stepped over a delimiter's length at a time.
     */
    private int indexOf(int from, int to) {
        int d = delimiter.length;
        int last = to - d;
        byte end = delimiter[d - 1];
        int i = Math.max(from, clearUntil);
        while (i <= last) {
            byte c = buf[i + d - 1];
            if (c == end && matchesAt(i)) {
                clearUntil = i;
                return i;
            }
            i += skip[c & 0xff];
        }
        clearUntil = Math.max(clearUntil, last + 1);
        return -1;
    }

    private boolean matchesAt(int i) {
        for (int j = 0; j < delimiter.length - 1; j++) {
            if (buf[i + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    /** One part: its headers (names in lower case) and its body, readable once, up to the next delimiter. */
    public static final class Part {
        private final Map<String, String> headers;
        private final PartStream body;

        private Part(Map<String, String> headers, PartStream body) {
            this.headers = Map.copyOf(headers);
            this.body = body;
        }

        public Map<String, String> headers() {
            return headers;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The Content-ID without its angle brackets, or null. */
        public String contentId() {
            String id = header("content-id");
            return id != null && id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
        }

        public InputStream body() {
            return body;
        }
    }

    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                fill(delimiter.length + 2);
                int i = indexOf(pos, lim);
                int available;
                if (i >= 0) {
                    available = i - pos;
                    if (available == 0) {
                        ended = true;
                        afterDelimiter();
                        return -1;
                    }
                } else if (eof) {
                    throw new EOFException("MIME part ends without its closing boundary");
                } else {
                    // The last delimiter-1 bytes may begin a delimiter: keep them for the next search.
                    available = lim - pos - (delimiter.length - 1);
                    if (available <= 0) {
                        continue;
                    }
                }
                int n = Math.min(len, available);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        }

        void skipToEnd() throws IOException {
            byte[] skip = new byte[BLOCK];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }
    }
}
