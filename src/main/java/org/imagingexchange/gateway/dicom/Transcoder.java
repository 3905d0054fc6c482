// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Converts a stored instance to the transfer syntax a RAD-69 / RAD-75 requester listed in its
 * TransferSyntaxUIDList, streaming with flat memory. Converts between the four uncompressed
 * syntaxes (implicit and explicit VR little endian, deflated, explicit VR big endian); compressed
 * (encapsulated) pixel data is never decoded or re-encoded, so it is served only as it is.
 *
 * <pre>
 * if (Transcoder.canTranscode(storedTs, wantedTs)) {
 *     Transcoder.transcode(file, wantedTs, responseStream, limits);
 * }
 * </pre>
 */
public final class Transcoder {

    private Transcoder() {
    }

    /** True if {@link #transcode} can turn {@code fromTs} into {@code toTs}. */
    public static boolean canTranscode(String fromTs, String toTs) {
        if (fromTs == null || toTs == null) {
            return false;
        }
        if (fromTs.equals(toTs)) {
            return TransferSyntaxes.isKnown(fromTs);
        }
        return TransferSyntaxes.isUncompressed(fromTs) && TransferSyntaxes.isUncompressed(toTs);
    }

    /**
     * Writes {@code source} to {@code out} as a Part 10 file in {@code targetTs}: the File Meta
     * Information is kept except for its Transfer Syntax UID, the data set is re-encoded element by
     * element (or copied byte for byte when the syntax does not change). The source is validated to
     * its end first, so a broken file fails before any byte is written. {@code out} is flushed, not closed.
     *
     * @throws InvalidDicomException if the source is invalid or cannot be converted to {@code targetTs}
     */
    public static void transcode(Path source, String targetTs, OutputStream out, DicomLimits limits)
            throws IOException, InvalidDicomException {
        DicomFiles.validateComplete(source, limits);
        try (Part10Input in = Part10Input.open(source, limits)) {
            String sourceTs = in.transferSyntaxUid();
            if (!canTranscode(sourceTs, targetTs)) {
                throw new InvalidDicomException(Kind.UNSUPPORTED,
                        "cannot convert transfer syntax " + sourceTs + " to " + targetTs);
            }
            OutputStream buffered = Part10Output.buffered(out);
            MetaHeaderWriter.write(buffered, MetaHeaderWriter.withTransferSyntax(in.meta(), targetTs));
            if (sourceTs.equals(targetTs)) {
                copyDataset(source, in.datasetOffset(), buffered);
            } else {
                Part10Output.dataset(buffered, targetTs, dataset -> in.parse(limits, new DatasetWriter(dataset, targetTs)));
            }
            buffered.flush();
        }
    }

    private static void copyDataset(Path source, long offset, OutputStream out) throws IOException {
        try (InputStream raw = Files.newInputStream(source)) {
            raw.skipNBytes(offset);
            raw.transferTo(out);
        }
    }
}
