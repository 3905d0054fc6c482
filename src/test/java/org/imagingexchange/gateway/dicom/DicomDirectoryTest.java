// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DicomDirectoryTest {

    private static final DicomLimits LIMITS = DicomLimits.defaults();
    private static final String TESTS = "pydicom/dicomdirtests";

    @TempDir
    Path tmp;

    /** The files dcmdump finds in the DICOMDIR's Referenced File IDs, in record order. */
    private static List<Path> dcmtkFiles(Path dicomdir) throws Exception {
        List<Path> files = new ArrayList<>();
        Matcher m = Pattern.compile("\\(0004,1500\\) CS \\[([^\\]]*)\\]").matcher(Dcmtk.dump(dicomdir).output());
        while (m.find()) {
            Path p = dicomdir.toAbsolutePath().getParent();
            for (String c : m.group(1).split("\\\\")) {
                p = p.resolve(c);
            }
            if (!files.contains(p)) {
                files.add(p);
            }
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {"DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit",
        "DICOMDIR-reordered", "DICOMDIR-nopatient", "TINY_ALPHA/DICOMDIR"})
    void listsTheReferencedFilesAsDcmtkReadsThem(String name) throws Exception {
        Path dicomdir = SharedData.dicom(TESTS).resolve(name);
        assertTrue(DicomDirectory.isDicomDir(dicomdir));
        List<Path> files = DicomDirectory.referencedFiles(dicomdir, LIMITS);
        assertEquals(dcmtkFiles(dicomdir), files);
        assertTrue(files.size() >= 31, files.toString());
        for (Path p : files) {
            assertTrue(Files.isRegularFile(p), "exists: " + p);
        }
    }

    @Test
    void sampleFileSetHasItsThirtyOneImagesInRecordOrder() throws Exception {
        Path dicomdir = SharedData.dicom(TESTS).resolve("DICOMDIR");
        List<Path> files = DicomDirectory.referencedFiles(dicomdir, LIMITS);
        assertEquals(31, files.size());
        assertEquals(dicomdir.getParent().resolve(Path.of("77654033", "CR1", "6154")), files.get(0));
        assertEquals(List.of(), DicomDirectory.referencedFiles(SharedData.dicom(TESTS).resolve("DICOMDIR-empty.dcm"),
                LIMITS));
    }

    @Test
    void findsFilesCopiedFromIso9660MediaAndReportsMissingOnes() throws Exception {
        Path source = SharedData.dicom(TESTS);
        Path media = tmp.resolve("cdrom");
        // as a CD mounted without Rock Ridge shows it: lower case, ";1" versions, "." on names without extension
        try (Stream<Path> all = Files.walk(source.resolve("77654033"))) {
            for (Path p : all.toList()) {
                Path rel = source.relativize(p);
                List<String> parts = new ArrayList<>();
                rel.forEach(c -> parts.add(c.toString().toLowerCase(Locale.ROOT)));
                if (Files.isRegularFile(p)) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + ".;1");
                }
                Path target = media.resolve(String.join("/", parts));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.copy(source.resolve("DICOMDIR"), media.resolve("DICOMDIR"));
        Files.delete(media.resolve("77654033/cr2/6247.;1"));

        List<Path> files = DicomDirectory.referencedFiles(media.resolve("DICOMDIR"), LIMITS);
        assertEquals(31, files.size());
        assertEquals(media.resolve("77654033/cr1/6154.;1"), files.get(0));
        assertEquals(media.resolve("77654033/cr2/6247"), files.get(1), "missing, returned as written");
        assertFalse(Files.exists(files.get(1)));
        long found = files.stream().filter(Files::isRegularFile).count();
        assertEquals(Files.walk(media.resolve("77654033")).filter(Files::isRegularFile).count(), found);
    }

    @Test
    void recognisesOnlyMediaStorageDirectories() throws Exception {
        assertFalse(DicomDirectory.isDicomDir(SharedData.dicom("orthanc-tests/PatientIdsCollision/Image1.dcm")));
        assertFalse(DicomDirectory.isDicomDir(SharedData.dicom(TESTS).resolve("README.txt")));
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () -> DicomDirectory.referencedFiles(
                SharedData.dicom("orthanc-tests/PatientIdsCollision/Image1.dcm"), LIMITS));
        assertTrue(e.getMessage().contains("not a DICOMDIR"), e.getMessage());
    }

    @Test
    void brokenDicomdirFailsClearly() throws Exception {
        byte[] all = Files.readAllBytes(SharedData.dicom(TESTS).resolve("DICOMDIR"));
        Path cut = Files.write(tmp.resolve("DICOMDIR"), Arrays.copyOf(all, all.length / 2));
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> DicomDirectory.referencedFiles(cut, LIMITS));
        assertEquals(InvalidDicomException.Kind.TRUNCATED, e.kind());

        // pydicom's "nooffset" variant has an item longer than what is left of its sequence; DCMTK
        // reads past that, the gateway does not guess the structure of untrusted media
        Path inconsistent = SharedData.dicom(TESTS).resolve("DICOMDIR-nooffset");
        assertThrows(InvalidDicomException.class, () -> DicomDirectory.referencedFiles(inconsistent, LIMITS));
    }

    @Test
    void refusesFileIdsThatLeaveTheFileSet() throws Exception {
        Synthetic record = Synthetic.empty().element(Tags.REFERENCED_FILE_ID, "CS",
                "..\\..\\ETC\\PASSWD".getBytes(StandardCharsets.US_ASCII));
        byte[] file = Synthetic.empty().sequence(Tags.DIRECTORY_RECORD_SEQUENCE, record)
                .file(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, DicomDirectory.MEDIA_STORAGE_DIRECTORY);
        Path dicomdir = Files.write(Files.createDirectories(tmp.resolve("media")).resolve("DICOMDIR"), file);
        assertTrue(DicomDirectory.isDicomDir(dicomdir));
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> DicomDirectory.referencedFiles(dicomdir, LIMITS));
        assertEquals(InvalidDicomException.Kind.MALFORMED, e.kind());
    }
}
