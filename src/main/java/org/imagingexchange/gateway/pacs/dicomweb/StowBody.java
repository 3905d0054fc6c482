// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The request body of a STOW-RS store: {@code multipart/related; type="application/dicom"}, one
 * part per Part 10 file (PS3.18 10.5.1.2.1).
 *
 * <p>Why a sequence of streams: a study can be gigabytes, so the body is read from the files as
 * the HTTP client sends it, opening each file only when its turn comes (at most one is open).
 * The exact length is computed beforehand and declared, so the server gets a
 * {@code Content-Length} rather than chunked transfer coding, which not every PACS accepts. Each
 * subscription (a retry) reads the files again from the start.
 */
final class StowBody {
    private static final byte[] CRLF = {'\r', '\n'};

    private final String boundary = "stow-" + UUID.randomUUID();
    private final List<Path> files;
    private final byte[] partHeader;
    private final byte[] closeDelimiter;
    private final long length;

    StowBody(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("STOW-RS needs at least one file");
        }
        this.files = List.copyOf(files);
        this.partHeader = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.closeDelimiter = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long total = closeDelimiter.length;
        for (Path file : this.files) {
            total += partHeader.length + Files.size(file) + CRLF.length;
        }
        this.length = total;
    }

    /** The Content-Type header value, with this body's boundary. */
    String contentType() {
        return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
    }

    int parts() {
        return files.size();
    }

    HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(this::open), length);
    }

    /** For each file: delimiter and headers, the file, CRLF; then the close delimiter. */
    private InputStream open() {
        Iterator<Path> next = files.iterator();
        Deque<InputStream> pending = new ArrayDeque<>();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return !pending.isEmpty() || next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                if (pending.isEmpty()) {
                    pending.add(new ByteArrayInputStream(partHeader));
                    pending.add(new LazyFileStream(next.next()));
                    pending.add(new ByteArrayInputStream(CRLF));
                    if (!next.hasNext()) {
                        pending.add(new ByteArrayInputStream(closeDelimiter));
                    }
                }
                return pending.removeFirst();
            }
        });
    }

    /** Opens its file on first read. */
    private static final class LazyFileStream extends InputStream {
        private final Path file;
        private InputStream in;

        LazyFileStream(Path file) {
            this.file = file;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = Files.newInputStream(file);
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
