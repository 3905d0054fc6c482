// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writing a Part 10 file onto a stream the caller owns: buffered (the writers emit a few bytes at a
 * time), never closed (the caller may be an HTTP response with more parts to come), and deflated
 * after the File Meta Information for the deflate transfer syntaxes.
 */
final class Part10Output {

    private static final int BUFFER = 64 * 1024;

    /** Writes a data set onto the stream it is given. */
    interface DatasetBody {
        void write(OutputStream dataset) throws IOException, InvalidDicomException;
    }

    private Part10Output() {
    }

    /** A 64 kB buffer over {@code out} whose close() only flushes. */
    static OutputStream buffered(OutputStream out) {
        return new BufferedOutputStream(shielded(out), BUFFER);
    }

    /** {@code out} with a close() that only flushes, for writers that close what they are given. */
    static OutputStream shielded(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Runs {@code body} on {@code out}, through a raw deflater (PS3.5 A.5) when {@code ts} is deflated. */
    static void dataset(OutputStream out, String ts, DatasetBody body) throws IOException, InvalidDicomException {
        if (!TransferSyntaxes.isDeflated(ts)) {
            body.write(out);
            return;
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            DeflaterOutputStream deflated = new DeflaterOutputStream(out, deflater, BUFFER);
            body.write(deflated);
            deflated.finish();
        } finally {
            deflater.end();
        }
    }
}
