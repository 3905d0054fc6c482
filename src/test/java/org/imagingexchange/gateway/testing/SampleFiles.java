// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The sample DICOM files of {@code shared/dicom} as listed in its FILES.tsv, and broken or
 * oversized copies of good files made on demand by integration tests.
 */
public final class SampleFiles {
    private static final byte[] PIXEL_DATA_OW = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0};
    private static final byte[] TRAILING_PADDING_OB = {(byte) 0xFC, (byte) 0xFF, (byte) 0xFC, (byte) 0xFF, 'O', 'B', 0, 0};

    /**
     * One row of FILES.tsv: {@code dcmdumpRc} is DCMTK's verdict (non-zero = broken); the UIDs are
     * empty for broken files.
     */
    public record Row(String path, long size, String transferSyntax, String sopClass, String patientId,
                      String studyUid, String seriesUid, int dcmdumpRc) {
        public Path file() {
            return TestPaths.shared().resolve("dicom").resolve(path);
        }
    }

    private SampleFiles() {}

    /** Every row of FILES.tsv that DCMTK was run on. */
    public static List<Row> rows() {
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(TestPaths.shared().resolve("dicom/FILES.tsv"))) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("dest") || f.length < 15 || f[14].isBlank()) {
                    continue;
                }
                rows.add(new Row(f[0], Long.parseLong(f[1]), f[6], f[7], f[11], f[12], f[13],
                        Integer.parseInt(f[14].trim())));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files DCMTK cannot read (dcmdump_rc != 0). */
    public static List<Row> broken() {
        return rows().stream().filter(r -> r.dcmdumpRc() != 0).toList();
    }

    /**
     * Copies an explicit VR little endian file whose native Pixel Data (OW) is its last large
     * element, cut in the middle of the pixel data. With {@code fixLength} the (7FE0,0010) length
     * is set to what is left, so the file parses (and storescu sends it) but holds less pixel data
     * than Rows x Columns x Bits Allocated x Frames require.
     */
    public static Path cutPixelData(Path source, Path target, boolean fixLength) throws IOException {
        byte[] b = Files.readAllBytes(source);
        int at = lastIndexOf(b, PIXEL_DATA_OW);
        if (at < 0) {
            throw new IllegalArgumentException("no explicit VR OW Pixel Data in " + source);
        }
        long length = uint32(b, at + 8);
        int keep = (int) (length / 2) & ~1;
        byte[] out = Arrays.copyOf(b, at + 12 + keep);
        if (fixLength) {
            putUint32(out, at + 8, keep);
        }
        Files.write(target, out);
        return target;
    }

    /**
     * Copies a valid explicit VR little endian file and grows it to at least {@code minSize} bytes
     * with Data Set Trailing Padding (FFFC,FFFC): the copy is still a valid instance, only bigger.
     */
    public static Path padTo(Path source, Path target, long minSize) throws IOException {
        byte[] b = Files.readAllBytes(source);
        int at = lastIndexOf(b, TRAILING_PADDING_OB);
        byte[] head = at >= 0 && at + 12 + uint32(b, at + 8) == b.length ? Arrays.copyOf(b, at) : b;
        long padding = Math.max(0, minSize - head.length - 12);
        padding += padding % 2;
        byte[] element = Arrays.copyOf(TRAILING_PADDING_OB, 12);
        putUint32(element, 8, padding);
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(head);
            out.write(element);
            byte[] zeros = new byte[64 * 1024];
            for (long left = padding; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
        return target;
    }

    /** A zip archive of {@code files}, each entry named by {@code names} (same order). */
    public static byte[] zip(List<Path> files, List<String> names) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < files.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                Files.copy(files.get(i), zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int lastIndexOf(byte[] b, byte[] pattern) {
        for (int i = b.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(b, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static long uint32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static void putUint32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (8 * i));
        }
    }
}
