// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * An opened DICOM Part 10 file (PS3.10 section 7.1): the 128-byte preamble, "DICM", the File Meta
 * Information (always explicit VR little endian), and the data set positioned for
 * {@link DatasetParser}, inflated if the transfer syntax is deflated.
 *
 * <p>Only Part 10 is accepted. A bare data set has no declared transfer syntax and would have to be
 * guessed; both DCMTK and PixelMed guess wrong on some sample files (a big endian data set read as
 * little endian, "DICM" found by chance at offset 128 of a data set), and the gateway does not
 * guess the encoding of untrusted input.
 */
final class Part10Input implements Closeable {

    /** One File Meta Information element, kept raw so it can be written back unchanged. */
    record MetaElement(int tag, String vr, byte[] value) {
    }

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_META_BYTES = 1 << 20;
    private static final int MAX_META_VALUE = 64 * 1024;

    private final InputStream stream;
    private final Inflater inflater;
    private final List<MetaElement> meta;
    private final String transferSyntaxUid;
    private final long datasetOffset;
    private final DicomInput dataset;

    private Part10Input(InputStream stream, Inflater inflater, List<MetaElement> meta, String ts, long offset,
            DicomInput dataset) {
        this.stream = stream;
        this.inflater = inflater;
        this.meta = meta;
        this.transferSyntaxUid = ts;
        this.datasetOffset = offset;
        this.dataset = dataset;
    }

    static Part10Input open(Path file, DicomLimits limits) throws IOException, InvalidDicomException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw new InvalidDicomException(Kind.LIMIT_EXCEEDED,
                    "file of " + size + " bytes exceeds the limit of " + limits.maxFileBytes());
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            return open(in, size, limits);
        } catch (IOException | InvalidDicomException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens a stream (which this object then closes); {@code size} is -1 when unknown. */
    static Part10Input open(InputStream in, long size, DicomLimits limits) throws IOException, InvalidDicomException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        DicomInput raw = new DicomInput(buffered, 0, size, limits.maxFileBytes());
        byte[] head = new byte[132];
        if (size >= 0 && size < head.length) {
            throw notPart10("too short");
        }
        try {
            raw.readFully(head, 0, head.length);
        } catch (InvalidDicomException e) {
            throw notPart10("too short");
        }
        if (!"DICM".equals(new String(head, 128, 4, StandardCharsets.US_ASCII))) {
            throw notPart10("no 'DICM' after the 128-byte preamble");
        }
        List<MetaElement> meta = readMeta(raw);
        String ts = null;
        for (MetaElement e : meta) {
            if (e.tag() == Tags.TRANSFER_SYNTAX_UID) {
                ts = DicomText.ascii(e.value());
            }
        }
        if (ts == null || ts.isEmpty()) {
            throw new InvalidDicomException(Kind.MALFORMED,
                    "File Meta Information lacks the Transfer Syntax UID (0002,0010)");
        }
        if (!TransferSyntaxes.isKnown(ts)) {
            throw new InvalidDicomException(Kind.UNSUPPORTED, "unsupported transfer syntax " + ts);
        }
        long offset = raw.position();
        if (!TransferSyntaxes.isDeflated(ts)) {
            return new Part10Input(buffered, null, meta, ts, offset, raw);
        }
        Inflater inflater = new Inflater(true);
        InputStream inflated = new BufferedInputStream(new InflaterInputStream(buffered, inflater, BUFFER), BUFFER);
        return new Part10Input(buffered, inflater, meta, ts, offset,
                new DicomInput(inflated, 0, -1, limits.maxFileBytes()));
    }

    private static List<MetaElement> readMeta(DicomInput in) throws IOException, InvalidDicomException {
        List<MetaElement> meta = new ArrayList<>();
        long total = 0;
        while (in.peekU16(false) == 0x0002) {
            int tag = in.readTag(false);
            int v = in.readU16(true);
            String vr = new String(new char[] {(char) (v >> 8), (char) (v & 0xFF)});
            if (!Vrs.isKnown(vr)) {
                throw new InvalidDicomException(Kind.MALFORMED, "File Meta Information element " + Tags.format(tag)
                        + " has no valid explicit VR");
            }
            long len;
            if (Vrs.isLongForm(vr)) {
                in.skip(2);
                len = in.readU32(false);
            } else {
                len = in.readU16(false);
            }
            total += len;
            if (len > MAX_META_VALUE || total > MAX_META_BYTES) {
                throw new InvalidDicomException(Kind.LIMIT_EXCEEDED, "File Meta Information element "
                        + Tags.format(tag) + " declares " + len + " bytes, over the limit");
            }
            if (len > in.remaining()) {
                throw new InvalidDicomException(Kind.TRUNCATED, "truncated in the File Meta Information");
            }
            byte[] value = new byte[(int) len];
            in.readFully(value, 0, value.length);
            meta.add(new MetaElement(tag, vr.intern(), value));
        }
        if (meta.isEmpty()) {
            throw notPart10("no File Meta Information after 'DICM'");
        }
        return meta;
    }

    private static InvalidDicomException notPart10(String why) {
        return new InvalidDicomException(Kind.NOT_PART10, "not a DICOM Part 10 file (" + why + ")");
    }

    List<MetaElement> meta() {
        return meta;
    }

    String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** Byte offset of the data set in the file (the end of the File Meta Information). */
    long datasetOffset() {
        return datasetOffset;
    }

    DicomInput dataset() {
        return dataset;
    }

    /** Walks the data set with {@code handler}; false if the handler stopped early. */
    boolean parse(DicomLimits limits, DatasetHandler handler) throws IOException, InvalidDicomException {
        return new DatasetParser(dataset, limits, handler).parse(TransferSyntaxes.isExplicitVr(transferSyntaxUid),
                TransferSyntaxes.isBigEndian(transferSyntaxUid));
    }

    @Override
    public void close() throws IOException {
        try {
            stream.close();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
