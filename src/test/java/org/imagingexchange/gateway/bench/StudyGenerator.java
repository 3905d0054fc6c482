// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a synthetic MR study for the benchmarks with PixelMed: {@code count} instances of
 * 2048x4096 16-bit monochrome pixels (16 MiB of noise each, so nothing compresses or
 * deduplicates), split over two series, Explicit VR Little Endian, fresh 2.25 UIDs.
 *
 * <p>Generated studies are cached under {@code <cache>/<N>MB/}, with an index of their UIDs
 * ({@value #INDEX}); the directory appears (by an atomic rename) only when every file is written,
 * so an interrupted run never leaves half a study.
 */
final class StudyGenerator {
    static final int ROWS = 4096;
    static final int COLUMNS = 2048;
    static final long PIXEL_BYTES = (long) ROWS * COLUMNS * 2;
    static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    /** Tab-separated lines: file name, SOP Instance UID, Series Instance UID, Study Instance UID, transfer syntax. */
    static final String INDEX = "instances.tsv";
    /** The patient of every generated study (no issuer: the storing gateway's own applies). */
    static final String PATIENT_ID = "BENCH-RETRIEVE";

    private StudyGenerator() {}

    /** Number of 16 MiB instances for a study of {@code studyMb} MiB (at least one). */
    static int instancesFor(int studyMb) {
        return (int) Math.max(1, Math.round(studyMb * (double) (1 << 20) / PIXEL_BYTES));
    }

    /** The cached study of that size, generated first if it is not there. */
    static Path generateOrReuse(Path cache, int studyMb) throws IOException, DicomException {
        Path dir = cache.resolve(studyMb + "MB");
        if (Files.isRegularFile(dir.resolve(INDEX))) {
            return dir;
        }
        deleteTree(dir);
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".generating-" + studyMb + "MB-");
        try {
            int count = instancesFor(studyMb);
            long start = System.nanoTime();
            write(tmp, count);
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("generated %d instances (%d MB) in %s in %.1f s%n", count,
                    count * (PIXEL_BYTES >> 20), dir, s);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void write(Path dir, int count) throws IOException, DicomException {
        String studyUid = newUid();
        String[] seriesUids = {newUid(), newUid()};
        short[] pixels = new short[ROWS * COLUMNS];
        SplittableRandom random = new SplittableRandom(UUID.randomUUID().getMostSignificantBits());
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < count; i++) {
            fill(pixels, random);
            int series = count == 1 ? 0 : i * 2 / count;
            String sopUid = newUid();
            AttributeList list = header(studyUid, seriesUids[series], series + 1, sopUid, i + 1);
            OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(pixels);
            list.put(pixelData);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "BENCH");
            Path file = dir.resolve(String.format("%03d.dcm", i + 1));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
            }
            index.append(String.join("\t", file.getFileName().toString(), sopUid, seriesUids[series], studyUid,
                    TransferSyntax.ExplicitVRLittleEndian)).append('\n');
        }
        Files.writeString(dir.resolve(INDEX), index);
    }

    private static AttributeList header(String studyUid, String seriesUid, int seriesNumber, String sopUid,
                                        int instanceNumber) throws DicomException {
        AttributeList l = new AttributeList();
        put(l, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), MR_IMAGE_STORAGE);
        put(l, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sopUid);
        put(l, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), studyUid);
        put(l, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), seriesUid);
        put(l, new CodeStringAttribute(TagFromName.Modality), "MR");
        put(l, new PersonNameAttribute(TagFromName.PatientName), "BENCH^RETRIEVE");
        put(l, new LongStringAttribute(TagFromName.PatientID), PATIENT_ID);
        put(l, new DateAttribute(TagFromName.PatientBirthDate), "19700101");
        put(l, new CodeStringAttribute(TagFromName.PatientSex), "O");
        put(l, new DateAttribute(TagFromName.StudyDate), "20260101");
        put(l, new TimeAttribute(TagFromName.StudyTime), "120000");
        put(l, new ShortStringAttribute(TagFromName.AccessionNumber), "BENCH1");
        put(l, new ShortStringAttribute(TagFromName.StudyID), "1");
        put(l, new LongStringAttribute(TagFromName.StudyDescription), "retrieve benchmark");
        put(l, new IntegerStringAttribute(TagFromName.SeriesNumber), Integer.toString(seriesNumber));
        put(l, new IntegerStringAttribute(TagFromName.InstanceNumber), Integer.toString(instanceNumber));
        put(l, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "1");
        put(l, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
        put(l, new UnsignedShortAttribute(TagFromName.Rows), Integer.toString(ROWS));
        put(l, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(COLUMNS));
        put(l, new DecimalStringAttribute(TagFromName.PixelSpacing), "0.1\\0.1");
        put(l, new UnsignedShortAttribute(TagFromName.BitsAllocated), "16");
        put(l, new UnsignedShortAttribute(TagFromName.BitsStored), "16");
        put(l, new UnsignedShortAttribute(TagFromName.HighBit), "15");
        put(l, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "0");
        return l;
    }

    private static void put(AttributeList list, Attribute a, String value) throws DicomException {
        a.addValue(value);
        list.put(a);
    }

    /** Noise: four 16-bit samples from each 64-bit random number. */
    private static void fill(short[] pixels, SplittableRandom random) {
        for (int i = 0; i < pixels.length; i += 4) {
            long r = random.nextLong();
            pixels[i] = (short) r;
            pixels[i + 1] = (short) (r >>> 16);
            pixels[i + 2] = (short) (r >>> 32);
            pixels[i + 3] = (short) (r >>> 48);
        }
    }

    /** A 2.25 UID (PS3.5 B.2): the decimal value of a random UUID. */
    static String newUid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
