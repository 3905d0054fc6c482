// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Copies byte ranges of a Part 10 file's data set (positions as {@link Part10Input#dataset()}
 * counts them, inflated for deflated files) onto an output, streaming: a second reader beside the
 * one being parsed, opened on first use and reopened only when asked for an earlier range.
 */
final class SourceRanges implements Closeable {

    private final Path file;
    private final DicomLimits limits;
    private final byte[] buffer = new byte[64 * 1024];
    private Part10Input input;

    SourceRanges(Path file, DicomLimits limits) {
        this.file = file;
        this.limits = limits;
    }

    void copy(CoercionScan.Range range, OutputStream out) throws IOException, InvalidDicomException {
        if (input == null || input.dataset().position() > range.start()) {
            close();
            input = Part10Input.open(file, limits);
        }
        DicomInput data = input.dataset();
        data.skip(range.start() - data.position());
        data.copyTo(out, range.end() - range.start(), 1, buffer);
    }

    @Override
    public void close() throws IOException {
        if (input != null) {
            input.close();
            input = null;
        }
    }
}
