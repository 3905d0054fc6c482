// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.testing.Dcmtk;
import org.imagingexchange.gateway.testing.OrthancPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link DimseClient} against a real Orthanc ({@link OrthancPeer}), checked with DCMTK's findscu. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DimseClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private OrthancPeer pacs;

    @BeforeAll
    void startOrthanc() throws IOException {
        pacs = OrthancPeer.builder().scu("GATEWAY").scu("FINDSCU").start();
    }

    @AfterAll
    void stopOrthanc() throws IOException {
        if (pacs != null) {
            pacs.close();
        }
    }

    private DimseClient client() {
        return new DimseClient("127.0.0.1", pacs.dicomPort(), pacs.aeTitle(), "GATEWAY", TIMEOUT);
    }

    @Test
    void echoSucceedsOnlyWithTheRightPeer() throws IOException {
        assertTrue(client().echo());
        assertFalse(new DimseClient("127.0.0.1", pacs.dicomPort(), "NOT-ORTHANC", "GATEWAY", TIMEOUT).echo());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertFalse(new DimseClient("127.0.0.1", closed, "ORTHANC", "GATEWAY", TIMEOUT).echo());
    }

    @Test
    void storesFilesInTheirOwnSyntaxAndFindsThemAgain() throws Exception {
        List<Path> study = SharedData.nistStudyImages();
        assertEquals(36, study.size());
        Path jpeg = SharedData.dicom("orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm");
        Path bigEndian = SharedData.dicom("pydicom/test_files/MR_small_bigendian.dcm");
        Path notDicom = SharedData.dicom("pydicom/dicomdirtests/README.txt");
        List<Path> files = new ArrayList<>(study);
        files.add(jpeg);
        files.add(bigEndian);
        files.add(notDicom);

        Map<String, DimseStoreResult> results = client().store(files);

        assertEquals(39, results.size());
        DimseStoreResult refused = results.get(notDicom.toString());
        assertEquals(DimseStoreResult.NOT_SENT, refused.status());
        assertTrue(refused.reason().startsWith("not a valid instance"), refused.reason());
        Set<String> studySops = new HashSet<>();
        for (Path p : study) {
            String sop = DicomFiles.readHeader(p, DicomLimits.defaults()).sopInstanceUid();
            studySops.add(sop);
            assertTrue(results.get(sop).stored(), sop + ": " + results.get(sop));
        }
        for (Path p : List.of(jpeg, bigEndian)) {
            InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
            assertTrue(results.get(h.sopInstanceUid()).stored(), p + ": " + results.get(h.sopInstanceUid()));
        }

        assertEquals("1.2.840.10008.1.2.4.50", storedTransferSyntax(DicomFiles.readHeader(jpeg,
                DicomLimits.defaults()).sopInstanceUid()), "the JPEG went as it is, not decoded");
        assertEquals(TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN, storedTransferSyntax(DicomFiles.readHeader(bigEndian,
                DicomLimits.defaults()).sopInstanceUid()), "Orthanc accepts big endian, so it is not converted");

        assertEquals(studySops, client().findInstances(SharedData.NIST_STUDY));
        assertEquals(studySops, findscu(SharedData.NIST_STUDY), "what DCMTK sees in Orthanc");
        String jpegStudy = DicomFiles.readHeader(jpeg, DicomLimits.defaults()).studyInstanceUid();
        assertEquals(Set.of(DicomFiles.readHeader(jpeg, DicomLimits.defaults()).sopInstanceUid()),
                client().findInstances(jpegStudy));
        assertEquals(Set.of(), client().findInstances("1.2.3.999.404"));
    }

    @Test
    void refusedAssociationIsAnIoException() {
        DimseClient wrong = new DimseClient("127.0.0.1", pacs.dicomPort(), "NOT-ORTHANC", "GATEWAY", TIMEOUT);
        assertThrows(IOException.class, () -> wrong.store(SharedData.nistStudyImages().subList(0, 1)));
        assertThrows(IOException.class, () -> wrong.findInstances(SharedData.NIST_STUDY));
    }

    /** The transfer syntax Orthanc recorded for an instance it received (REST: /tools/lookup, metadata). */
    private String storedTransferSyntax(String sopInstanceUid) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String lookup = http.send(HttpRequest.newBuilder(pacs.httpUrl().resolve("/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher id = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"").matcher(lookup);
        assertTrue(id.find(), lookup);
        return http.send(HttpRequest.newBuilder(pacs.httpUrl().resolve("/instances/" + id.group(1)
                + "/metadata/TransferSyntax")).build(), HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    /** SOP Instance UIDs findscu gets from Orthanc for a study (IMAGE level). */
    private Set<String> findscu(String study) throws Exception {
        Dcmtk.Run run = Dcmtk.findscu("FINDSCU", pacs.aeTitle(), pacs.dicomPort(),
                List.of("QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + study, "SeriesInstanceUID", "SOPInstanceUID"));
        assertEquals(0, run.exitCode(), run.output());
        Set<String> sops = new HashSet<>();
        // Orthanc pads odd-length UIDs with a space (not NUL) in its C-FIND responses
        Matcher m = Pattern.compile("\\(0008,0018\\) UI \\[([0-9.]+)[ \\x00]*\\]").matcher(run.output());
        while (m.find()) {
            sops.add(m.group(1));
        }
        return sops;
    }
}
