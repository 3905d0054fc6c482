// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Document content for repository tests: fixed bytes, or a stream that breaks part-way. */
final class TestContent {
    private TestContent() {}

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static DataHandler of(byte[] content) {
        return new DataHandler(source(() -> new ByteArrayInputStream(content)));
    }

    /** Delivers {@code good} bytes, then fails as a broken upload would. */
    static DataHandler failingAfter(int good) {
        return new DataHandler(source(() -> new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ >= good) {
                    throw new IOException("connection reset by peer");
                }
                return 7;
            }
        }));
    }

    static String sha1(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    private static DataSource source(Opener opener) {
        return new DataSource() {
            @Override
            public InputStream getInputStream() throws IOException {
                return opener.open();
            }

            @Override
            public OutputStream getOutputStream() throws IOException {
                throw new IOException("read-only");
            }

            @Override
            public String getContentType() {
                return "application/dicom";
            }

            @Override
            public String getName() {
                return "kos.dcm";
            }
        };
    }
}
