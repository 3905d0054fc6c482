// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoercionTest {

    private static final DicomLimits LIMITS = DicomLimits.defaults();
    private static final Instant WHEN = Instant.parse("2026-03-01T10:15:30.123456Z");
    /** Attributes a coercion with {@link #rules} may change; every other one must stay as it was. */
    private static final List<AttributeTag> COERCED = List.of(TagFromName.AccessionNumber,
            new AttributeTag(0x0008, 0x0051), TagFromName.PatientName, TagFromName.PatientID,
            TagFromName.IssuerOfPatientID, new AttributeTag(0x0010, 0x0024), TagFromName.PatientBirthDate,
            TagFromName.PatientSex, TagFromName.OtherPatientIDsSequence, new AttributeTag(0x0400, 0x0561));

    @TempDir
    Path tmp;

    static CoercionRules rules(String patientId, String name, Map<String, String> uidMap) {
        return new CoercionRules(patientId, "LOCAL-HOSP", "1.2.3.4.5.6", name, "19700101", "O", "ACC42",
                "1.2.3.4.5.7", uidMap, "IMGXGW", "REMOTE-COMMUNITY", WHEN);
    }

    private Path coerce(Path source, CoercionRules rules) throws Exception {
        Path out = Files.createTempFile(tmp, "coerced-", ".dcm");
        try (OutputStream o = Files.newOutputStream(out)) {
            Coercion.coerce(source, o, rules, LIMITS);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "orthanc-tests/PatientIdsCollision/Image1.dcm", // explicit VR little endian, no character set
        "pydicom/test_files/MR_small_implicit.dcm", // implicit VR little endian
        "pydicom/test_files/rtdose.dcm", // implicit VR, multi-frame, nested sequences
        "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm", // JPEG baseline, encapsulated
        "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.90.dcm", // JPEG 2000 lossless
        "pydicom/test_files/MR_small_bigendian.dcm", // explicit VR big endian
        "pydicom/test_files/image_dfl.dcm", // deflated
        "orthanc-tests/MarekLatin2.dcm", // ISO_IR 101
        "pydicom/test_files/SC_rgb_small_odd.dcm" // ISO_IR 192, odd-length pixel data
    })
    void coercesSampleKeepingEverythingElse(String sample) throws Exception {
        Path source = SharedData.dicom(sample);
        InstanceHeader before = DicomFiles.readHeader(source, LIMITS);
        Path out = coerce(source, rules("MRN-0001", "Doe^Jane", Map.of()));

        Dcmtk.Run dump = Dcmtk.dump(out);
        assertEquals(0, dump.exitCode(), dump.output());
        assertFalse(dump.output().lines().anyMatch(l -> l.startsWith("W:") || l.startsWith("E:")), dump.output());
        assertTrue(dump.output().contains("(0010,0020) LO [MRN-0001]"), dump.output());
        assertTrue(dump.output().contains("(0010,0010) PN [Doe^Jane]"), dump.output());
        assertTrue(dump.output().contains("(0400,0565) CS [COERCE]"), dump.output());
        assertTrue(dump.output().contains("(0040,0032) UT [1.2.3.4.5.6]"), dump.output());
        assertEquals(Dcmtk.metaTransferSyntax(source), Dcmtk.metaTransferSyntax(out));

        assertArrayEquals(pixelDigest(source), pixelDigest(out), "pixel data bytes");
        AttributeList original = PixelMedView.read(source);
        AttributeList coerced = PixelMedView.read(out);
        assertUnchangedExcept(original, coerced, COERCED);

        assertEquals("MRN-0001", PixelMedView.string(coerced, TagFromName.PatientID));
        assertEquals("LOCAL-HOSP", PixelMedView.string(coerced, TagFromName.IssuerOfPatientID));
        assertEquals("19700101", PixelMedView.string(coerced, TagFromName.PatientBirthDate));
        assertEquals("O", PixelMedView.string(coerced, TagFromName.PatientSex));
        assertEquals("ACC42", PixelMedView.string(coerced, TagFromName.AccessionNumber));
        AttributeList qualifiers = onlyItem(coerced, new AttributeTag(0x0010, 0x0024));
        assertEquals("1.2.3.4.5.6", trimmedOrNull(qualifiers, new AttributeTag(0x0040, 0x0032)));
        assertEquals("ISO", PixelMedView.string(qualifiers, new AttributeTag(0x0040, 0x0033)));
        assertEquals("1.2.3.4.5.7", trimmedOrNull(onlyItem(coerced, new AttributeTag(0x0008, 0x0051)),
                new AttributeTag(0x0040, 0x0032)));

        // the foreign identity survives in Other Patient IDs Sequence
        SequenceAttribute others = (SequenceAttribute) coerced.get(TagFromName.OtherPatientIDsSequence);
        if (before.patientId() == null) {
            assertNull(others, "no foreign Patient ID to keep");
        } else {
            AttributeList foreign = others.getItem(others.getNumberOfItems() - 1).getAttributeList();
            assertEquals(before.patientId(), PixelMedView.string(foreign, TagFromName.PatientID));
            assertEquals(before.issuerOfPatientId(), PixelMedView.string(foreign, TagFromName.IssuerOfPatientID));
            assertEquals("TEXT", PixelMedView.string(foreign, new AttributeTag(0x0010, 0x0022)));
            assertNotNull(previous(coerced).get(TagFromName.OtherPatientIDsSequence));
        }

        // and the previous values in one Original Attributes Sequence item
        AttributeList history = onlyItem(coerced, new AttributeTag(0x0400, 0x0561));
        assertEquals("COERCE", PixelMedView.string(history, new AttributeTag(0x0400, 0x0565)));
        assertEquals("IMGXGW", PixelMedView.string(history, new AttributeTag(0x0400, 0x0563)));
        assertEquals("REMOTE-COMMUNITY", PixelMedView.string(history, new AttributeTag(0x0400, 0x0564)));
        assertEquals("20260301101530.123456+0000", PixelMedView.string(history, new AttributeTag(0x0400, 0x0562)));
        AttributeList previous = onlyItem(history, new AttributeTag(0x0400, 0x0550));
        assertEquals(before.patientId(), trimmedOrNull(previous, TagFromName.PatientID));
        assertEquals(before.patientName(), trimmedOrNull(previous, TagFromName.PatientName));
        assertNotNull(previous.get(TagFromName.AccessionNumber), "previous accession (zero length when absent)");
        assertNotNull(previous.get(new AttributeTag(0x0010, 0x0024)), "previous qualifiers (empty when absent)");
        assertNull(previous.get(TagFromName.StudyInstanceUID), "UIDs not mapped, so not recorded");
    }

    @Test
    void resultNamesChangedAttributesWithoutValues() throws Exception {
        Path source = SharedData.dicom("orthanc-tests/PatientIdsCollision/Image1.dcm");
        CoercionResult r;
        try (OutputStream o = OutputStream.nullOutputStream()) {
            r = Coercion.coerce(source, o, rules("MRN-0001", "Doe^Jane", Map.of()), LIMITS);
        }
        assertEquals("COMMON", r.original().patientId());
        assertEquals(r.original().sopInstanceUid(), r.sopInstanceUid());
        assertEquals(List.of("AccessionNumber", "IssuerOfAccessionNumberSequence", "PatientName", "PatientID",
                "IssuerOfPatientID", "IssuerOfPatientIDQualifiersSequence", "PatientBirthDate", "PatientSex",
                "OtherPatientIDsSequence"), r.changedAttributes());
    }

    @Test
    void coercingTwiceKeepsBothHistories() throws Exception {
        Path source = SharedData.dicom("orthanc-tests/PatientIdsCollision/Image1.dcm");
        Path once = coerce(source, rules("MRN-0001", "Doe^Jane", Map.of()));
        Path twice = coerce(once, new CoercionRules("MRN-0002", "OTHER-HOSP", null, "Roe^Richard", null, null,
                null, null, Map.of(), "IMGXGW", "MERGE", WHEN.plusSeconds(60)));

        assertEquals(0, Dcmtk.dumpExitCode(twice));
        AttributeList list = PixelMedView.read(twice);
        assertEquals("MRN-0002", PixelMedView.string(list, TagFromName.PatientID));
        assertNull(list.get(new AttributeTag(0x0010, 0x0024)), "qualifiers of the old issuer are removed");
        SequenceAttribute history = (SequenceAttribute) list.get(new AttributeTag(0x0400, 0x0561));
        assertEquals(2, history.getNumberOfItems());
        AttributeList first = onlyItem(history.getItem(0).getAttributeList(), new AttributeTag(0x0400, 0x0550));
        AttributeList second = onlyItem(history.getItem(1).getAttributeList(), new AttributeTag(0x0400, 0x0550));
        assertEquals("COMMON", PixelMedView.string(first, TagFromName.PatientID));
        assertEquals("MRN-0001", PixelMedView.string(second, TagFromName.PatientID));
        assertEquals("Doe^Jane", PixelMedView.string(second, TagFromName.PatientName));
        assertEquals("1.2.3.4.5.6", trimmedOrNull(onlyItem(second, new AttributeTag(0x0010, 0x0024)),
                new AttributeTag(0x0040, 0x0032)));
        SequenceAttribute others = (SequenceAttribute) list.get(TagFromName.OtherPatientIDsSequence);
        assertEquals(2, others.getNumberOfItems());
        assertEquals("COMMON", PixelMedView.string(others.getItem(0).getAttributeList(), TagFromName.PatientID));
        AttributeList local = others.getItem(1).getAttributeList();
        assertEquals("MRN-0001", PixelMedView.string(local, TagFromName.PatientID));
        assertEquals("LOCAL-HOSP", PixelMedView.string(local, TagFromName.IssuerOfPatientID));
        assertNotNull(local.get(new AttributeTag(0x0010, 0x0024)), "the old ID keeps its qualifiers");
        assertArrayEquals(pixelDigest(source), pixelDigest(twice));
    }

    @Test
    void uidMapReidentifiesKosAndItsReferencesConsistently() throws Exception {
        Path kos = SharedData.nistKos();
        KosManifest manifest = KosReader.read(kos, LIMITS);
        InstanceHeader header = DicomFiles.readHeader(kos, LIMITS);
        Map<String, String> map = new HashMap<>();
        map.put(header.studyInstanceUid(), Uids.newUid());
        map.put(header.seriesInstanceUid(), Uids.newUid());
        map.put(header.sopInstanceUid(), Uids.newUid());
        String aReferencedImage = manifest.studies().get(0).series().get(0).instances().get(0).sopInstanceUid();
        String aReferencedSeries = manifest.studies().get(0).series().get(0).seriesInstanceUid();
        map.put(aReferencedImage, Uids.newUid());
        map.put(aReferencedSeries, Uids.newUid());

        Path out = Files.createTempFile(tmp, "kos-", ".dcm");
        CoercionResult r;
        try (OutputStream o = Files.newOutputStream(out)) {
            r = Coercion.coerce(kos, o, rules("MRN-0001", "Doe^Jane", map), LIMITS);
        }
        assertEquals(map.get(header.sopInstanceUid()), r.sopInstanceUid());
        assertTrue(r.changedAttributes().containsAll(List.of("MediaStorageSOPInstanceUID", "SOPInstanceUID",
                "StudyInstanceUID", "SeriesInstanceUID", "CurrentRequestedProcedureEvidenceSequence")),
                r.changedAttributes().toString());
        assertEquals(0, Dcmtk.dumpExitCode(out));

        InstanceHeader after = DicomFiles.readHeader(out, LIMITS);
        assertEquals(map.get(header.studyInstanceUid()), after.studyInstanceUid());
        assertEquals(map.get(header.seriesInstanceUid()), after.seriesInstanceUid());
        assertEquals(map.get(header.sopInstanceUid()), Dcmtk.value(out, "0002,0003").orElseThrow());
        KosManifest remapped = KosReader.read(out, LIMITS);
        assertEquals(map.get(header.studyInstanceUid()), remapped.studies().get(0).studyInstanceUid());
        KosSeries firstSeries = remapped.studies().get(0).series().get(0);
        assertEquals(map.get(aReferencedSeries), firstSeries.seriesInstanceUid());
        assertEquals(map.get(aReferencedImage), firstSeries.instances().get(0).sopInstanceUid());
        String dump = Dcmtk.dump(out).output();
        for (String old : map.keySet()) {
            // each old UID is left only in the history: once in the Modified Attributes Sequence
            assertTrue(dump.contains(old), "previous value of " + old + " kept");
        }

        // the history is never re-mapped: a second coercion with the same map leaves it alone
        Path again = coerce(out, rules("MRN-0001", "Doe^Jane", map));
        AttributeList list = PixelMedView.read(again);
        SequenceAttribute history = (SequenceAttribute) list.get(new AttributeTag(0x0400, 0x0561));
        AttributeList previous = onlyItem(history.getItem(0).getAttributeList(), new AttributeTag(0x0400, 0x0550));
        assertEquals(header.studyInstanceUid(), PixelMedView.string(previous, TagFromName.StudyInstanceUID));
        assertEquals(header.sopInstanceUid(), PixelMedView.string(previous, TagFromName.SOPInstanceUID));
    }

    @Test
    void latin1DataSetTakesAccentedNameAndAsciiDataSetRefusesIt() throws Exception {
        Path latin1 = nistImage(); // ISO_IR 100
        Path out = coerce(latin1, rules("MRN-0001", "Müller^Zoë", Map.of()));
        assertEquals("Müller^Zoë", DicomFiles.readHeader(out, LIMITS).patientName());
        assertEquals("Müller^Zoë", PixelMedView.string(PixelMedView.read(out), TagFromName.PatientName));

        Path ascii = SharedData.dicom("orthanc-tests/PatientIdsCollision/Image1.dcm");
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> Coercion.coerce(ascii, target, rules("MRN-0001", "Müller^Zoë", Map.of()), LIMITS));
        assertEquals(InvalidDicomException.Kind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("default repertoire"), e.getMessage());
        assertEquals(0, target.size(), "nothing written");
    }

    @Test
    void latin2AndUtf8DataSetsTakeTheirOwnScripts() throws Exception {
        Path latin2 = SharedData.dicom("orthanc-tests/MarekLatin2.dcm");
        Path out = coerce(latin2, rules("MRN-0001", "Łukasiewicz^Zdzisław", Map.of()));
        assertEquals("Łukasiewicz^Zdzisław", DicomFiles.readHeader(out, LIMITS).patientName());
        assertThrows(InvalidDicomException.class,
                () -> Coercion.coerce(latin2, OutputStream.nullOutputStream(), rules("MRN-0001", "王^小明", Map.of()),
                        LIMITS));

        Path utf8 = SharedData.dicom("pydicom/test_files/SC_rgb_small_odd.dcm");
        Path out8 = coerce(utf8, rules("MRN-0001", "王^小明", Map.of()));
        assertEquals("王^小明", DicomFiles.readHeader(out8, LIMITS).patientName());
        assertEquals(0, Dcmtk.dumpExitCode(out8));
    }

    @Test
    void limitsApplyToTheSource() {
        Path source = SharedData.dicom("orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm");
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> Coercion.coerce(source,
                OutputStream.nullOutputStream(), rules("MRN-0001", null, Map.of()), new DicomLimits(1L << 30, 1024, 8)));
        assertEquals(InvalidDicomException.Kind.LIMIT_EXCEEDED, e.kind());
    }

    @Test
    void truncatedSourceFailsBeforeWriting() throws Exception {
        Path source = SharedData.dicom("orthanc-tests/PatientIdsCollision/Image1.dcm");
        byte[] all = Files.readAllBytes(source);
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 7));
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> Coercion.coerce(cut, target, rules("MRN-0001", null, Map.of()), LIMITS));
        assertEquals(InvalidDicomException.Kind.TRUNCATED, e.kind());
        assertEquals(0, target.size());
    }

    @Test
    void rulesRefuseValuesTheirVrCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> rules("A\\B", null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> rules("x".repeat(65), null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> rules("MRN", null, Map.of("1.2", "not-a-uid")));
        assertThrows(IllegalArgumentException.class, () -> new CoercionRules("MRN", "I", null, null, "1970-01-01",
                null, null, null, Map.of(), "SYS", null, null));
        assertFalse(rules("MRN", "Secret^Name", Map.of()).toString().contains("Secret"));
    }

    @Test
    void largeInstanceStreamsWithoutBeingReadIntoMemory() throws Exception {
        int pixelBytes = 200 << 20;
        Path big = tmp.resolve("big.dcm");
        byte[] head = Synthetic.empty().element(Tags.SOP_CLASS_UID, "UI", Synthetic.uid(Synthetic.SOP_CLASS))
                .element(Tags.SOP_INSTANCE_UID, "UI", Synthetic.uid("1.2.3.4"))
                .element(Tags.PATIENT_ID, "LO", "FOREIGN1".getBytes(StandardCharsets.US_ASCII))
                .element(Tags.STUDY_INSTANCE_UID, "UI", Synthetic.uid("1.2.3"))
                .element(Tags.SERIES_INSTANCE_UID, "UI", Synthetic.uid("1.2.3.1")).file();
        try (OutputStream o = Files.newOutputStream(big)) {
            o.write(head);
            // (7FE0,0010) OW of 200 MB, written in chunks with a pattern so a shifted copy would show
            o.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0});
            o.write(new byte[] {0, 0, (byte) (pixelBytes >> 16), (byte) (pixelBytes >> 24)});
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31);
            }
            for (int i = 0; i < pixelBytes / chunk.length; i++) {
                o.write(chunk);
            }
        }
        Path out = tmp.resolve("big-coerced.dcm");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try (OutputStream o = Files.newOutputStream(out)) {
            Coercion.coerce(big, o, rules("MRN-0001", "Doe^Jane", Map.of()), LIMITS);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 32L << 20, "coercing a 200 MB instance allocated " + allocated + " bytes");
        assertArrayEquals(pixelDigest(big), pixelDigest(out));
        assertEquals("MRN-0001", DicomFiles.readHeader(out, LIMITS).patientId());
        Files.delete(big);
        Files.delete(out);
    }

    private static Path nistImage() {
        return SharedData.nistStudyImages().get(0);
    }

    /** SHA-256 over the top-level pixel data value, or over its fragments (and their lengths) when encapsulated. */
    static byte[] pixelDigest(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
            }
        };
        byte[] buffer = new byte[8192];
        int[] seen = {0};
        try (Part10Input in = Part10Input.open(file, LIMITS)) {
            in.parse(LIMITS, new DatasetHandler() {
                @Override
                public void element(int tag, String vr, long length, int depth, ValueReader value)
                        throws IOException, InvalidDicomException {
                    if (tag == Tags.PIXEL_DATA && depth == 0) {
                        seen[0]++;
                        value.copyTo(sink, 1, buffer);
                    }
                }

                @Override
                public void startFragments(int tag, String vr, int depth) {
                    seen[0] += depth == 0 ? 1 : 0;
                }

                @Override
                public void fragment(long length, ValueReader value) throws IOException, InvalidDicomException {
                    sha.update(HexFormat.of().parseHex(String.format("%08x", length)));
                    value.copyTo(sink, 1, buffer);
                }
            });
        }
        assertTrue(seen[0] <= 1, "at most one pixel data element in " + file);
        sha.update((byte) seen[0]);
        return sha.digest();
    }

    /** Every attribute but {@code except} is the same in both, and the coerced file has no others. */
    private static void assertUnchangedExcept(AttributeList original, AttributeList coerced, List<AttributeTag> except)
            throws Exception {
        AttributeList a = copyWithout(original, except);
        AttributeList b = copyWithout(coerced, except);
        PixelMedView.assertSameDataset(a, b, "");
        PixelMedView.assertSameDataset(b, a, "");
    }

    private static AttributeList copyWithout(AttributeList list, List<AttributeTag> except) {
        AttributeList copy = new AttributeList();
        for (Map.Entry<AttributeTag, Attribute> e : list.entrySet()) {
            // pixel data is compared byte for byte by pixelDigest; PixelMed cannot compare compressed frames
            if (!except.contains(e.getKey()) && e.getKey().getGroup() != 0x0002
                    && !e.getKey().equals(TagFromName.PixelData)) {
                copy.put(e.getKey(), e.getValue());
            }
        }
        return copy;
    }

    private static AttributeList previous(AttributeList coerced) {
        return onlyItem(onlyItem(coerced, new AttributeTag(0x0400, 0x0561)), new AttributeTag(0x0400, 0x0550));
    }

    private static AttributeList onlyItem(AttributeList list, AttributeTag tag) {
        SequenceAttribute sq = (SequenceAttribute) list.get(tag);
        assertNotNull(sq, "no " + tag);
        assertEquals(1, sq.getNumberOfItems(), "items in " + tag);
        return sq.getItem(0).getAttributeList();
    }

    private static String trimmedOrNull(AttributeList list, AttributeTag tag) {
        String s = PixelMedView.string(list, tag);
        return s == null || s.isBlank() ? null : s.trim();
    }
}
