// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample in shared/dicom/FILES.tsv through {@link DicomFiles}: what parses, what is refused and why. */
class DicomFilesTest {

    private static final DicomLimits LIMITS = DicomLimits.defaults();

    /**
     * Files DCMTK reads (dcmdump_rc 0) that the gateway refuses on purpose. All lack File Meta
     * Information or its transfer syntax, so DCMTK guessed the encoding; the gateway accepts only
     * Part 10 and does not guess the encoding of untrusted input (see Part10Input).
     */
    private static final Map<String, Kind> REFUSED_ON_PURPOSE = Map.of(
            "orthanc-tests/TransferSyntaxes/1.2.840.10008.1.2.dcm", Kind.NOT_PART10,
            "pydicom/test_files/ExplVR_BigEndNoMeta.dcm", Kind.NOT_PART10,
            "pydicom/test_files/ExplVR_LitEndNoMeta.dcm", Kind.NOT_PART10,
            "pydicom/test_files/meta_missing_tsyntax.dcm", Kind.MALFORMED,
            // a DICOMDIR whose last record declares 248 bytes where 224 remain (elements were removed
            // without fixing the item length); DCMTK stops quietly at the end of the file
            "pydicom/dicomdirtests/DICOMDIR-nooffset", Kind.TRUNCATED);

    static Stream<SharedData.Row> readable() {
        return SharedData.files().stream().filter(r -> r.dcmdumpRc() == 0 && !REFUSED_ON_PURPOSE.containsKey(r.path()));
    }

    static Stream<SharedData.Row> broken() {
        return SharedData.files().stream().filter(r -> r.dcmdumpRc() != 0 || r.path().endsWith("3gb-bulk-data-truncated"));
    }

    static Stream<String> refusedOnPurpose() {
        return REFUSED_ON_PURPOSE.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void parsesWhatDcmtkParses(SharedData.Row row) throws Exception {
        Path file = SharedData.dicom(row.path());
        DicomFiles.validateComplete(file, LIMITS);
        InstanceHeader h;
        try {
            h = DicomFiles.readHeader(file, LIMITS);
        } catch (InvalidDicomException e) {
            // DICOMDIRs and a few test objects are not instances: only these two reasons are acceptable
            assertTrue(List.of(Kind.NOT_AN_INSTANCE, Kind.MISSING_ATTRIBUTE).contains(e.kind()), e.getMessage());
            assertTrue(row.study().isEmpty() || row.series().isEmpty() || row.sop().isEmpty(),
                    "has the UIDs, yet refused: " + e.getMessage());
            return;
        }
        assertSameAsDcmdump(row.study(), h.studyInstanceUid());
        assertSameAsDcmdump(row.series(), h.seriesInstanceUid());
        assertSameAsDcmdump(row.patientId(), h.patientId());
    }

    /** FILES.tsv holds what dcmdump printed: "(no value available)" for empty, hex for values stored as UN. */
    private static void assertSameAsDcmdump(String dcmdump, String actual) {
        if (dcmdump.isEmpty() || dcmdump.contains("\\")) {
            return;
        }
        assertEquals(dcmdump.equals("(no value available)") ? null : dcmdump, actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedOnPurpose")
    void refusesFilesWithoutDeclaredEncoding(String path) {
        assertRefused(path, REFUSED_ON_PURPOSE.get(path));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refusesBrokenFilesWithoutCrashing(SharedData.Row row) {
        Path file = SharedData.dicom(row.path());
        try {
            DicomFiles.validateComplete(file, LIMITS);
            fail("accepted a file dcmdump cannot read");
        } catch (InvalidDicomException expected) {
            // the kind of problem is checked for specific files in DicomFilesEdgeTest
        } catch (Throwable t) {
            fail("expected InvalidDicomException, got " + t, t);
        }
        try {
            DicomFiles.readHeader(file, LIMITS); // may pass when the damage is past the pixel data header
        } catch (InvalidDicomException expected) {
            // fine
        } catch (Throwable t) {
            fail("expected InvalidDicomException, got " + t, t);
        }
    }

    static void assertRefused(String path, Kind kind) {
        Path file = SharedData.dicom(path);
        try {
            DicomFiles.validateComplete(file, LIMITS);
            fail("accepted " + path);
        } catch (InvalidDicomException e) {
            assertEquals(kind, e.kind(), e.getMessage());
        } catch (Throwable t) {
            fail("expected InvalidDicomException, got " + t, t);
        }
    }
}
