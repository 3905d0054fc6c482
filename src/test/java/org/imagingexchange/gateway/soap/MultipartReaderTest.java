// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String BOUNDARY = "uuid:6b62cda9-7a4a-4f7e-9d6f-0123456789ab";

    /** Parts full of near-boundaries: CR LF, "--", and the boundary missing its last character. */
    private static List<byte[]> nastyParts(Random random) {
        List<byte[]> parts = new ArrayList<>();
        parts.add("<soap:Envelope/>".getBytes(StandardCharsets.UTF_8));
        parts.add(new byte[0]);
        for (int size : new int[] {1, 100, 65_535, 65_536, 65_537, 300_001}) {
            byte[] p = new byte[size];
            random.nextBytes(p);
            byte[] near = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1)).getBytes(StandardCharsets.ISO_8859_1);
            for (int at = 0; at + near.length < size; at += 9_973) {
                System.arraycopy(near, 0, p, at, near.length);
                p[at + near.length] = 'X'; // never completed into the real boundary by chance
            }
            parts.add(p);
        }
        return parts;
    }

    private static byte[] message(List<byte[]> parts, String preamble, String epilogue) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(preamble.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < parts.size(); i++) {
            out.write((i == 0 && preamble.isEmpty() ? "" : "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(("--" + BOUNDARY + "  \r\nContent-Type: application/octet-stream\r\nContent-ID: <part" + i
                    + "@example.org>\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(parts.get(i));
        }
        out.write(("\r\n--" + BOUNDARY + "--" + epilogue).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A network-like stream: short reads of random length. */
    private static InputStream trickle(byte[] data, Random random) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(20_000)));
            }

            @Override
            public synchronized int available() {
                return 0;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8192, 1 << 20})
    void readsEveryPartExactlyWhateverTheReadSize(int readSize) throws Exception {
        Random random = new Random(readSize);
        List<byte[]> parts = nastyParts(random);
        MultipartReader mime = new MultipartReader(trickle(message(parts, "", ""), random), BOUNDARY);
        for (int i = 0; i < parts.size(); i++) {
            MultipartReader.Part p = mime.next();
            assertEquals("part" + i + "@example.org", p.contentId());
            assertEquals("application/octet-stream", p.header("Content-Type"));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[readSize];
            for (int n; (n = p.body().read(chunk, 0, chunk.length)) >= 0; ) {
                body.write(chunk, 0, n);
            }
            assertArrayEquals(parts.get(i), body.toByteArray(), "part " + i);
        }
        assertNull(mime.next());
    }

    @Test
    void skipsPreambleEpilogueAndUnreadParts() throws Exception {
        List<byte[]> parts = nastyParts(new Random(1));
        MultipartReader mime = new MultipartReader(new ByteArrayInputStream(
                message(parts, "This is a MIME message.\r\n", "\r\nepilogue")), BOUNDARY);
        mime.next(); // the SOAP part, not read
        mime.next();
        MultipartReader.Part third = mime.next();
        assertArrayEquals(parts.get(2), third.body().readAllBytes());
        for (int i = 3; i < parts.size(); i++) {
            mime.next();
        }
        assertNull(mime.next());
    }

    @Test
    void aTruncatedMessageIsAnErrorNotAShortPart() throws Exception {
        byte[] whole = message(nastyParts(new Random(2)), "", "");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 200_000);
        MultipartReader mime = new MultipartReader(new ByteArrayInputStream(cut), BOUNDARY);
        assertThrows(EOFException.class, () -> {
            for (MultipartReader.Part p; (p = mime.next()) != null; ) {
                p.body().readAllBytes();
            }
        });
    }

    @Test
    void hostileHeadersAreRefused() {
        String longLine = "--b\r\nX: " + "a".repeat(MultipartReader.MAX_HEADER_LINE + 1) + "\r\n\r\nx\r\n--b--";
        assertThrows(IOException.class, () -> new MultipartReader(
                new ByteArrayInputStream(longLine.getBytes(StandardCharsets.ISO_8859_1)), "b").next());
        String many = "--b\r\n" + "X: y\r\n".repeat(MultipartReader.MAX_HEADERS + 1) + "\r\nx\r\n--b--";
        assertThrows(IOException.class, () -> new MultipartReader(
                new ByteArrayInputStream(many.getBytes(StandardCharsets.ISO_8859_1)), "b").next());
        assertThrows(EOFException.class, () -> new MultipartReader(
                new ByteArrayInputStream("no boundary here".getBytes(StandardCharsets.ISO_8859_1)), "b").next());
    }

    @Test
    void boundaryParameterOfAContentType() {
        assertEquals("uuid:1-2", MultipartReader.boundary(
                "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:1-2\"; start=\"<root>\""));
        assertEquals("simple", MultipartReader.boundary("multipart/related;boundary=simple"));
        assertNull(MultipartReader.boundary("application/soap+xml"));
    }
}
