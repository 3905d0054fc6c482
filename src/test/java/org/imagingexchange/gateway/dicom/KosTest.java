// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RAD-68 manifests: {@link KosWriter} output checked by our reader, PixelMed and DCMTK; {@link KosReader} on NIST's KOS. */
class KosTest {

    private static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    private static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    private static final String REPOSITORY = "1.3.6.1.4.1.21367.13.71.101";
    private static final String NAME = "Wang^XiaoDong=王^小東=";
    private static final Instant TIME = Instant.parse("2024-03-04T05:06:07.890Z");

    @TempDir
    Path tmp;

    private static StudyManifest manifest() {
        return new StudyManifest("PID-1", "urn:oid:1.2.3", NAME, "19700101", "M", "1.2.3.4.5", "ACC-9",
                "1.2.3.99", "20240102", "101112", "MR Kopf/Hals", "GATEWAY_AE", REPOSITORY, List.of(
                        new ManifestSeries("1.2.3.4.5.1", "MR", List.of(new ManifestInstance(MR, "1.2.3.4.5.1.1"),
                                new ManifestInstance(MR, "1.2.3.4.5.1.2"))),
                        new ManifestSeries("1.2.3.4.5.2", "SR", List.of(new ManifestInstance(BASIC_TEXT_SR, "1.2.3.4.5.2.1")))));
    }

    private Path write(StudyManifest m, String kosUid, String seriesUid) throws Exception {
        Path file = tmp.resolve("kos.dcm");
        try (OutputStream out = Files.newOutputStream(file)) {
            KosWriter.write(m, kosUid, seriesUid, TIME, out);
        }
        return file;
    }

    @Test
    void roundTrips() throws Exception {
        String kosUid = Uids.newUid();
        String seriesUid = Uids.newUid();
        Path file = write(manifest(), kosUid, seriesUid);

        KosManifest kos = KosReader.read(file);
        assertEquals(kosUid, kos.sopInstanceUid());
        assertEquals(seriesUid, kos.seriesInstanceUid());
        assertEquals("1.2.3.4.5", kos.studyInstanceUid());
        assertEquals("PID-1", kos.patientId());
        assertEquals("urn:oid:1.2.3", kos.issuerOfPatientId());
        assertEquals("ACC-9", kos.accessionNumber());
        assertEquals(0, kos.duplicateReferences());
        assertEquals(1, kos.studies().size());
        List<KosSeries> series = kos.studies().get(0).series();
        assertEquals(2, series.size());
        for (KosSeries s : series) {
            assertEquals("GATEWAY_AE", s.retrieveAeTitle());
            assertEquals(REPOSITORY, s.retrieveLocationUid());
        }
        assertEquals(manifest().series().get(0).instances(), series.get(0).instances());
        assertEquals(manifest().series().get(1).instances(), series.get(1).instances());

        InstanceHeader h = DicomFiles.readHeader(file, DicomLimits.defaults());
        assertEquals(NAME, h.patientName(), "UTF-8 name survives");
        assertEquals("ISO_IR 192", h.specificCharacterSet());
        assertEquals("KO", h.modality());
        assertEquals(KosWriter.KOS_SOP_CLASS_UID, h.sopClassUid());
        assertEquals("19700101", h.patientBirthDate());
        assertEquals("MR Kopf/Hals", h.studyDescription());
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(kosUid, KosReader.read(in).sopInstanceUid());
        }
    }

    @Test
    void hasTheManifestStructure() throws Exception {
        AttributeList list = PixelMedView.read(write(manifest(), Uids.newUid(), Uids.newUid()));
        assertEquals("CONTAINER", PixelMedView.string(list, TagFromName.ValueType));
        assertEquals("SEPARATE", PixelMedView.string(list, TagFromName.ContinuityOfContent));
        assertEquals(0, ((SequenceAttribute) list.get(TagFromName.ReferencedPerformedProcedureStepSequence)).getNumberOfItems());
        AttributeList template = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(list,
                TagFromName.ContentTemplateSequence);
        assertEquals("2010", PixelMedView.string(template, TagFromName.TemplateIdentifier));
        assertEquals("DCMR", PixelMedView.string(template, TagFromName.MappingResource));
        AttributeList concept = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(list,
                TagFromName.ConceptNameCodeSequence);
        assertEquals("113030", PixelMedView.string(concept, TagFromName.CodeValue));
        assertEquals("Manifest", PixelMedView.string(concept, TagFromName.CodeMeaning));
        java.time.ZonedDateTime local = TIME.atZone(java.time.ZoneId.systemDefault());
        String da = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd").format(local);
        String tm = java.time.format.DateTimeFormatter.ofPattern("HHmmss.SSS").format(local);
        assertEquals(da, PixelMedView.string(list, TagFromName.ContentDate));
        assertEquals(tm, PixelMedView.string(list, TagFromName.ContentTime));
        assertEquals(da, PixelMedView.string(list, TagFromName.InstanceCreationDate));
        assertEquals(tm, PixelMedView.string(list, TagFromName.InstanceCreationTime));
        SequenceAttribute content = (SequenceAttribute) list.get(TagFromName.ContentSequence);
        assertEquals(3, content.getNumberOfItems());
        assertEquals(List.of("IMAGE", "IMAGE", "COMPOSITE"), List.of(0, 1, 2).stream()
                .map(i -> PixelMedView.string(content.getItem(i).getAttributeList(), TagFromName.ValueType)).toList());
        assertEquals("CONTAINS", PixelMedView.string(content.getItem(0).getAttributeList(), TagFromName.RelationshipType));
    }

    @Test
    void dcmtkReadsItAsAManifest() throws Exception {
        Path file = write(manifest(), Uids.newUid(), Uids.newUid());
        String dump = run("dcmdump", file.toString());
        assertTrue(dump.contains("(0040,a375) SQ"), "evidence sequence");
        assertTrue(dump.contains("CurrentRequestedProcedureEvidenceSequence"));
        assertTrue(dump.contains("[113030]"), "concept name 113030");
        assertTrue(dump.contains("(0040,e011) UI [" + REPOSITORY + "]"), "retrieve location");
        assertTrue(dump.contains("(0008,0054) AE [GATEWAY_AE]"), "retrieve AE");
        assertTrue(dump.contains("(0008,1155) UI [1.2.3.4.5.2.1]"), "referenced SOP instance");
        // dsrdump checks the document against the KOS IOD; it always notes that it cannot check
        // UTF-8 values or templates, anything else is a finding
        String sr = run("dsrdump", file.toString());
        assertTrue(sr.contains("Key Object Selection Document"), sr);
        assertTrue(sr.contains("<CONTAINER:(,,\"Manifest\")=SEPARATE>"), sr);
        assertTrue(sr.contains("<contains IMAGE:=(MR image,)>"), sr);
        List<String> findings = sr.lines().filter(l -> l.startsWith("E:") || l.startsWith("W:"))
                .filter(l -> !l.contains("does not support this Specific Character Set: ISO_IR 192"))
                .filter(l -> !l.contains("Check for template constraints not yet supported")).toList();
        assertEquals(List.of(), findings, sr);
    }

    @Test
    void readsTheNistManifest() throws Exception {
        KosManifest kos = KosReader.read(SharedData.nistKos());
        assertEquals("2.25.235549593783099728527794837005475084628", kos.sopInstanceUid());
        assertEquals(SharedData.NIST_STUDY, kos.studyInstanceUid());
        assertEquals("IIG-DEPT1021", kos.patientId());
        assertEquals(1, kos.studies().size());
        assertEquals(SharedData.NIST_STUDY, kos.studies().get(0).studyInstanceUid());

        List<Path> images = SharedData.nistStudyImages();
        assertEquals(36, images.size(), "FILES.tsv lists 36 MR instances of the study");
        Set<String> expected = new TreeSet<>();
        for (Path p : images) {
            expected.add(DicomFiles.readHeader(p, DicomLimits.defaults()).sopInstanceUid());
        }
        Set<String> listed = kos.instances().stream().map(ManifestInstance::sopInstanceUid)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, listed);
        assertEquals(36, kos.instances().size(), "each instance once");
        assertEquals(144 - 36, kos.duplicateReferences(), "NIST's evidence lists each instance 4 times");
        assertEquals(Set.of(MR), kos.instances().stream().map(ManifestInstance::sopClassUid).collect(Collectors.toSet()));
        assertEquals(List.of(20, 16), kos.series().map(s -> s.instances().size()).toList());
        kos.series().forEach(s -> {
            assertEquals("WUSTL", s.retrieveAeTitle());
            assertEquals("1.3.6.1.4.1.21367.102.1.1", s.retrieveLocationUid());
        });
    }

    @Test
    void refusesWhatIsNotAKos() {
        Path mr = SharedData.nistStudyImages().get(0);
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> KosReader.read(mr));
        assertEquals(InvalidDicomException.Kind.UNSUPPORTED, e.kind());
        assertThrows(InvalidDicomException.class, () ->
                KosReader.read(SharedData.dicom("pydicom/test_files/MR_truncated.dcm")));
    }

    @Test
    void writesOptionalValuesEmpty() throws Exception {
        StudyManifest bare = new StudyManifest(null, null, null, null, null, "1.2.3", null, null, null, null, null,
                null, null, List.of(new ManifestSeries("1.2.3.1", null, List.of(new ManifestInstance(MR, "1.2.3.1.1")))));
        KosManifest kos = KosReader.read(write(bare, Uids.newUid(), Uids.newUid()));
        assertNull(kos.patientId());
        assertNull(kos.series().findFirst().orElseThrow().retrieveLocationUid());
        assertEquals(1, kos.instances().size());
    }

    @Test
    void newUidsAreValidAndUnique() {
        Pattern uid = Pattern.compile("2\\.25\\.(0|[1-9][0-9]*)");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String u = Uids.newUid();
            assertTrue(uid.matcher(u).matches(), u);
            assertTrue(u.length() <= 64, u);
            assertTrue(seen.add(u));
        }
        assertTrue(uid.matcher(Uids.IMPLEMENTATION_CLASS_UID).matches());
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
