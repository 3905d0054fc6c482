// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The body of the one part of a WADO-RS instance response ({@code multipart/related;
 * type="application/dicom"}, PS3.18 8.7.3.3, RFC 2046 5.1), read as it arrives.
 *
 * <p>Why incremental: an instance can be hundreds of megabytes and the gateway streams it on to a
 * partner, so the part is never held in memory. Only a fixed 64 KiB window is buffered: bytes
 * are handed out as soon as they cannot be the start of the closing delimiter
 * {@code CRLF--boundary}, and everything is passed through untouched (the Part 10 bytes stay
 * byte-identical to what the PACS stored).
 *
 * <p>{@link #open} reads the preamble and the part headers before returning, so a response that
 * is not a DICOM multipart fails at once. Reading past the part checks that the close delimiter
 * follows (a second part is an error: one instance was asked for) and that the part's
 * {@code Content-Length}, when the server sent one, matches. Closing this stream closes the
 * response body and with it the HTTP exchange.
 */
final class SinglePartInputStream extends InputStream {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PREAMBLE_BYTES = 64 * 1024;
    private static final int MAX_EPILOGUE_BYTES = 8 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    /** buf[pos, safeEnd) is known part content; at safeEnd the delimiter starts if delimiterAtSafeEnd. */
    private int safeEnd;
    private boolean delimiterAtSafeEnd;
    private long declaredLength = -1;
    private long delivered;
    private boolean finished;
    private boolean closed;

    private SinglePartInputStream(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // RFC 2046: the first delimiter may open the body without a preceding CRLF; a virtual
        // CRLF in front lets one pattern find it in both places.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /**
     * Positions {@code body} at the first byte of the single part's content.
     *
     * @param body     the HTTP response body; closed here on failure
     * @param boundary the boundary parameter of the response's Content-Type
     */
    static SinglePartInputStream open(InputStream body, String boundary) throws IOException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            body.close();
            throw new DicomWebException(DicomWebException.NO_STATUS, "multipart response without a usable boundary");
        }
        SinglePartInputStream part = new SinglePartInputStream(body, boundary);
        try {
            part.skipPreamble();
            part.readHeaders();
            part.scan();
            return part;
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (finished) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (pos == safeEnd) {
            if (delimiterAtSafeEnd) {
                pos += delimiter.length;
                finishPart();
                return -1;
            }
            if (!fill()) {
                throw new EOFException("multipart response ended inside the DICOM part");
            }
            scan();
        }
        int n = Math.min(len, safeEnd - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        delivered += n;
        return n;
    }

    @Override
    public int available() {
        return closed || finished ? 0 : safeEnd - pos;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    /** Finds how far the buffered bytes are certainly content. */
    private void scan() {
        int idx = indexOf(delimiter, pos);
        if (idx >= 0) {
            safeEnd = idx;
            delimiterAtSafeEnd = true;
        } else {
            // a delimiter may begin in the last (length - 1) bytes and end in bytes not yet read
            safeEnd = Math.max(pos, limit - (delimiter.length - 1));
        }
    }

    private void skipPreamble() throws IOException {
        long skipped = 0;
        while (true) {
            int idx = indexOf(delimiter, pos);
            if (idx >= 0) {
                pos = idx + delimiter.length;
                break;
            }
            int keep = Math.max(pos, limit - (delimiter.length - 1));
            skipped += keep - pos;
            pos = keep;
            if (skipped > MAX_PREAMBLE_BYTES) {
                throw protocolError("no multipart boundary in the first " + MAX_PREAMBLE_BYTES + " bytes");
            }
            if (!fill()) {
                throw protocolError("multipart response without a boundary");
            }
        }
        String rest = readLine();
        if (rest.startsWith("--")) {
            throw protocolError("multipart response without any part");
        }
        if (!rest.isBlank()) { // RFC 2046 allows only transport padding after the boundary
            throw protocolError("malformed multipart boundary line");
        }
    }

    private void readHeaders() throws IOException {
        int total = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw protocolError("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw protocolError("malformed part header");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-type") && !MediaTypes.baseType(value).equals("application/dicom")) {
                throw protocolError("part is " + MediaTypes.baseType(value) + ", not application/dicom");
            }
            if (name.equals("content-length")) {
                try {
                    declaredLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw protocolError("malformed part Content-Length");
                }
            }
        }
    }

    /** After the delimiter: {@code --} closes the body; anything else would start a second part. */
    private void finishPart() throws IOException {
        while (limit - pos < 2) {
            if (!fill()) {
                throw new EOFException("multipart response ended without its close delimiter");
            }
        }
        if (buf[pos] != '-' || buf[pos + 1] != '-') {
            throw protocolError("WADO-RS response holds more than one part");
        }
        if (declaredLength >= 0 && declaredLength != delivered) {
            throw protocolError("part Content-Length " + declaredLength + " but " + delivered + " bytes before the boundary");
        }
        finished = true;
        // Drain the short epilogue so the connection can go back to the pool; stop if it is long.
        pos = limit;
        int drained = 0;
        while (drained <= MAX_EPILOGUE_BYTES && fill()) {
            drained += limit - pos;
            pos = limit;
        }
    }

    /** A CRLF-terminated line (ISO-8859-1) from the buffer, filling as needed; CRLF consumed. */
    private String readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    return line;
                }
            }
            if (limit - pos >= MAX_HEADER_BYTES) {
                throw protocolError("multipart header line too long");
            }
            if (!fill()) {
                throw new EOFException("multipart response ended inside the part headers");
            }
        }
    }

    /** Moves unread bytes to the front and reads more; false at end of stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            safeEnd -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new IllegalStateException("multipart buffer full"); // unreachable: callers keep room
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private int indexOf(byte[] pattern, int from) {
        byte first = pattern[0];
        int last = limit - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static DicomWebException protocolError(String message) {
        return new DicomWebException(DicomWebException.NO_STATUS, message);
    }
}
