// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Limits, truncation, preamble and character set behaviour of {@link DicomFiles}, on chosen and hand-made files. */
class DicomFilesEdgeTest {

    private static final DicomLimits LIMITS = DicomLimits.defaults();

    @TempDir
    Path tmp;

    @Test
    void refusesA3GbDeclarationInA100kBFileFast() {
        Path file = SharedData.dicom("dcm4che/3gb-bulk-data-truncated");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertKind(Kind.TRUNCATED, () -> DicomFiles.readHeader(file, LIMITS));
            assertKind(Kind.TRUNCATED, () -> DicomFiles.validateComplete(file, LIMITS));
        });
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFiles.readHeader(file, LIMITS));
        assertEquals("truncated: (7FE0,0010) declares 3221225472 bytes but only 98080 remain", e.getMessage());
    }

    @Test
    void enforcesTheElementLimitBeforeReading() {
        Path mr = SharedData.nistStudyImages().get(0);
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> DicomFiles.readHeader(mr, new DicomLimits(1 << 30, 100_000, 32)));
        assertEquals(Kind.LIMIT_EXCEEDED, e.kind());
        assertEquals("declared element length 131072 of (7FE0,0010) exceeds the limit of 100000", e.getMessage());
    }

    @Test
    void enforcesTheFileLimit() {
        Path mr = SharedData.nistStudyImages().get(0);
        assertKind(Kind.LIMIT_EXCEEDED, () -> DicomFiles.validateComplete(mr, new DicomLimits(100_000, 100_000, 32)));
    }

    @Test
    void enforcesTheSequenceDepth() throws Exception {
        Path deep = Files.write(tmp.resolve("deep.dcm"), Synthetic.instance().nestedSequences(9).file());
        DicomLimits eight = new DicomLimits(1 << 20, 1 << 20, 8);
        assertKind(Kind.LIMIT_EXCEEDED, () -> DicomFiles.validateComplete(deep, eight));
        Path ok = Files.write(tmp.resolve("ok.dcm"), Synthetic.instance().nestedSequences(8).file());
        DicomFiles.validateComplete(ok, eight);
        assertEquals("1.2.3.4", DicomFiles.readHeader(ok, eight).sopInstanceUid());
        Path veryDeep = Files.write(tmp.resolve("very-deep.dcm"), Synthetic.instance().nestedSequences(100_000).file());
        assertKind(Kind.LIMIT_EXCEEDED, () -> DicomFiles.validateComplete(veryDeep, LIMITS));
    }

    @Test
    void findsPixelDataCutShort() throws Exception {
        Path good = SharedData.nistStudyImages().get(0);
        Path cut = Broken.cutPixelData(good, tmp.resolve("cut.dcm"), false);
        assertKind(Kind.TRUNCATED, () -> DicomFiles.readHeader(cut, LIMITS));
        assertKind(Kind.TRUNCATED, () -> DicomFiles.validateComplete(cut, LIMITS));

        // with the length fixed up the structure is sound, so only the image geometry tells
        Path fixed = Broken.cutPixelData(good, tmp.resolve("fixed.dcm"), true);
        assertEquals(DicomFiles.readHeader(good, LIMITS), DicomFiles.readHeader(fixed, LIMITS));
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFiles.validateComplete(fixed, LIMITS));
        assertTrue(e.getMessage().startsWith("pixel data has 65536 bytes where the image (256x256"), e.getMessage());
    }

    @Test
    void findsTruncatedAndBombedDeflate() throws Exception {
        byte[] dfl = Files.readAllBytes(SharedData.dicom("pydicom/test_files/image_dfl.dcm"));
        Path half = Files.write(tmp.resolve("half.dcm"), Arrays.copyOf(dfl, dfl.length / 2));
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFiles.validateComplete(half, LIMITS));
        assertTrue(e.kind() == Kind.TRUNCATED || e.kind() == Kind.MALFORMED, e.getMessage());

        byte[] zeros = new byte[8 << 20];
        Path bomb = Files.write(tmp.resolve("bomb.dcm"), Synthetic.instance().element(0x00091010, "OB", zeros)
                .file(TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN));
        assertTrue(Files.size(bomb) < 64 * 1024, "8 MB of zeros deflate to " + Files.size(bomb));
        assertKind(Kind.LIMIT_EXCEEDED, () -> DicomFiles.validateComplete(bomb, new DicomLimits(1 << 20, 1 << 30, 8)));
        DicomFiles.validateComplete(bomb, LIMITS);
    }

    @Test
    void acceptsOnlyPart10() throws Exception {
        // a bare data set that happens to hold "DICM" at offset 128: DCMTK and PixelMed misread it
        assertKind(Kind.NOT_PART10, () -> DicomFiles.readHeader(SharedData.dicom("dcm4che/no_preamble_dicm_in_data"), LIMITS));
        assertKind(Kind.NOT_PART10, () -> DicomFiles.readHeader(SharedData.dicom("pydicom/test_files/no_meta.dcm"), LIMITS));
        // File Meta Information without its group length is still Part 10
        assertNotNull(DicomFiles.readHeader(SharedData.dicom("dcmjs/no-meta-length-test.dcm"), LIMITS));
        // "DICM" and meta but no preamble: refused rather than guessed
        byte[] part10 = Synthetic.instance().file();
        Path noPreamble = Files.write(tmp.resolve("no-preamble.dcm"), Arrays.copyOfRange(part10, 128, part10.length));
        assertKind(Kind.NOT_PART10, () -> DicomFiles.readHeader(noPreamble, LIMITS));
        Path empty = Files.write(tmp.resolve("empty.dcm"), new byte[0]);
        assertKind(Kind.NOT_PART10, () -> DicomFiles.validateComplete(empty, LIMITS));
        Path text = Files.writeString(tmp.resolve("text.dcm"), "x".repeat(1000));
        assertKind(Kind.NOT_PART10, () -> DicomFiles.validateComplete(text, LIMITS));
    }

    @Test
    void requiresTheIdentifyingUids() throws Exception {
        Synthetic noSeries = new Synthetic().element(0x00080016, "UI", Synthetic.uid(Synthetic.SOP_CLASS))
                .element(0x00080018, "UI", Synthetic.uid("1.2.3.4")).element(0x0020000D, "UI", Synthetic.uid("1.2.3"));
        Path file = Files.write(tmp.resolve("no-series.dcm"), noSeries.file());
        DicomFiles.validateComplete(file, LIMITS);
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomFiles.readHeader(file, LIMITS));
        assertEquals(Kind.MISSING_ATTRIBUTE, e.kind());
        assertEquals("no Series Instance UID (0020,000E)", e.getMessage());
        assertKind(Kind.NOT_AN_INSTANCE, () -> DicomFiles.readHeader(SharedData.dicom("pydicom/dicomdirtests/DICOMDIR"), LIMITS));
    }

    @Test
    void decodesNamesInEveryCharacterSet() throws Exception {
        Map<String, String> names = Map.ofEntries(
                Map.entry("pydicom/charset_files/chrArab.dcm", "قباني^لنزار"),
                Map.entry("pydicom/charset_files/chrFren.dcm", "Buc^Jérôme"),
                Map.entry("pydicom/charset_files/chrGerm.dcm", "Äneas^Rüdiger"),
                Map.entry("pydicom/charset_files/chrGreek.dcm", "Διονυσιος"),
                Map.entry("pydicom/charset_files/chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
                Map.entry("pydicom/charset_files/chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
                Map.entry("pydicom/charset_files/chrHbrw.dcm", "שרון^דבורה"),
                Map.entry("pydicom/charset_files/chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동"),
                Map.entry("pydicom/charset_files/chrRuss.dcm", "Люкceмбypг"),
                Map.entry("pydicom/charset_files/chrX1.dcm", "Wang^XiaoDong=王^小東="),
                Map.entry("pydicom/charset_files/chrX2.dcm", "Wang^XiaoDong=王^小东="),
                Map.entry("fo-dicom/chrGB2312.dcm", "Zhang^XiaoDong=张^小东="),
                Map.entry("orthanc-tests/MarekLatin2.dcm", "Testowy^Teste"));
        for (var e : names.entrySet()) {
            InstanceHeader h = DicomFiles.readHeader(SharedData.dicom(e.getKey()), LIMITS);
            assertEquals(e.getValue(), h.patientName(), e.getKey());
        }
    }

    @Test
    void keepsPersonalDataOutOfToString() throws Exception {
        InstanceHeader h = DicomFiles.readHeader(SharedData.dicom("pydicom/charset_files/chrFren.dcm"), LIMITS);
        assertFalse(h.toString().contains("Buc"));
        assertFalse(h.toString().contains(String.valueOf(h.patientBirthDate())) && h.patientBirthDate() != null);
    }

    static void assertKind(Kind kind, Executable call) {
        InvalidDicomException e = assertThrows(InvalidDicomException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
    }
}
