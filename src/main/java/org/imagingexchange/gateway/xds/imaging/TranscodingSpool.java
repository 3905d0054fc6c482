// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.imaging;

import jakarta.activation.DataSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InvalidDicomException;
import org.imagingexchange.gateway.dicom.Transcoder;
import org.imagingexchange.gateway.pacs.Pacs;

/**
 * Transfer syntax conversion for RAD-69 through spool files: the source is copied from the PACS
 * (unless it already is a local file), converted into a second file, and that file is streamed
 * and deleted when the stream is closed. Memory stays flat whatever the instance size.
 */
public final class TranscodingSpool {
    private final Path dir;
    private final DicomLimits limits;
    private final java.util.function.Function<String, Path> localFile;

    /**
     * @param localFile maps an index location to a local file when the back end is the
     *                  embedded store, or returns null (then the instance is copied first)
     */
    public TranscodingSpool(Path dir, DicomLimits limits, java.util.function.Function<String, Path> localFile)
            throws IOException {
        this.dir = Files.createDirectories(dir);
        this.limits = limits;
        this.localFile = localFile;
    }

    DataSource transcoding(Pacs pacs, Pacs.InstanceAddress address, String location, String targetTs) {
        return new DataSource() {
            @Override
            public InputStream getInputStream() throws IOException {
                return transcode(pacs, address, location, targetTs);
            }

            @Override
            public OutputStream getOutputStream() {
                throw new UnsupportedOperationException("read-only");
            }

            @Override
            public String getContentType() {
                return ImagingDocumentSource.MIME_DICOM;
            }

            @Override
            public String getName() {
                return address.sopInstanceUid();
            }
        };
    }

    private InputStream transcode(Pacs pacs, Pacs.InstanceAddress address, String location, String targetTs)
            throws IOException {
        Path source = localFile.apply(location);
        Path copied = null;
        if (source == null) {
            copied = Files.createTempFile(dir, "src-", ".dcm");
            try (InputStream in = pacs.open(address, location)) {
                Files.copy(in, copied, StandardCopyOption.REPLACE_EXISTING);
            }
            source = copied;
        }
        Path out = Files.createTempFile(dir, "ts-", ".dcm");
        try (OutputStream os = Files.newOutputStream(out)) {
            Transcoder.transcode(source, targetTs, os, limits);
        } catch (InvalidDicomException e) {
            Files.deleteIfExists(out);
            throw new IOException("cannot transcode " + address.sopInstanceUid() + ": " + e.getMessage(), e);
        } finally {
            if (copied != null) {
                Files.deleteIfExists(copied);
            }
        }
        return new FilterInputStream(Files.newInputStream(out)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    Files.deleteIfExists(out);
                }
            }
        };
    }
}
