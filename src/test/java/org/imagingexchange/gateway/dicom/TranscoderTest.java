// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Transcoder}: every pair of uncompressed syntaxes, checked with PixelMed and DCMTK as independent readers. */
class TranscoderTest {

    private static final DicomLimits LIMITS = DicomLimits.defaults();
    private static final List<String> UNCOMPRESSED = List.of(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN);

    @TempDir
    Path tmp;

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (String from : UNCOMPRESSED) {
            for (String to : UNCOMPRESSED) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    /** Samples in other syntaxes and shapes: implicit, big endian, deflated, SR sequences, multi-frame, CP-246. */
    static Stream<String> otherSamples() {
        return Stream.of("pydicom/test_files/MR_small_implicit.dcm", "pydicom/test_files/MR_small_bigendian.dcm",
                "pydicom/test_files/image_dfl.dcm", "pydicom/test_files/test-SR.dcm",
                "pydicom-data/emri_small_big_endian.dcm", "dicomParser/deflate/report_dfl",
                "pydicom/test_files/priv_SQ.dcm", "pydicom/charset_files/chrH31.dcm");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void convertsEachPairOnNistMr(String from, String to) throws Exception {
        Path original = SharedData.nistStudyImages().get(0);
        Path source = convert(original, from, "source.dcm");
        Path target = convert(source, to, "target.dcm");

        assertEquals(to, DicomFiles.readHeader(target, LIMITS).transferSyntaxUid());
        assertEquals(0, dcmdump(target), "dcmdump reads the output");
        AttributeList expected = PixelMedView.read(original);
        AttributeList actual = PixelMedView.read(target);
        assertArrayEquals(expected.getPixelData().getShortValues(), actual.getPixelData().getShortValues());
        for (var tag : List.of(TagFromName.SOPInstanceUID, TagFromName.StudyInstanceUID, TagFromName.PatientID,
                TagFromName.PatientName, TagFromName.Rows, TagFromName.Columns, TagFromName.BitsAllocated,
                TagFromName.PixelSpacing, TagFromName.ImagePositionPatient)) {
            assertEquals(PixelMedView.string(expected, tag), PixelMedView.string(actual, tag), tag.toString());
        }
        PixelMedView.assertSameDataset(expected, actual, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherSamples")
    void roundTripsOtherSamplesThroughEverySyntax(String sample) throws Exception {
        Path original = SharedData.dicom(sample);
        AttributeList expected = PixelMedView.read(original);
        for (String ts : UNCOMPRESSED) {
            Path converted = convert(original, ts, "via.dcm");
            assertEquals(0, dcmdump(converted), "dcmdump reads " + ts);
            PixelMedView.assertSameDataset(expected, PixelMedView.read(converted), ts + " ");
            Path back = convert(converted, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, "back.dcm");
            PixelMedView.assertSameDataset(expected, PixelMedView.read(back), ts + " and back ");
        }
    }

    @Test
    void keepsCompressedDataAsItIs() throws Exception {
        Path jpeg = SharedData.dicom("nist-iheos-toolkit2/xca-i/community-A/IIG-DEPT1021_Beta/alt-ts/"
                + "1.3.6.1.4.1.21367.201599.3.201606010958044.1.jpegLosslessSV1.dcm");
        String ts = DicomFiles.readHeader(jpeg, LIMITS).transferSyntaxUid();
        assertEquals(TransferSyntaxes.JPEG_LOSSLESS_SV1, ts);
        assertFalse(Transcoder.canTranscode(ts, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN));
        assertFalse(Transcoder.canTranscode(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, ts));
        assertFalse(Transcoder.canTranscode(ts, TransferSyntaxes.JPEG_2000_LOSSLESS));
        assertTrue(Transcoder.canTranscode(ts, ts));
        InvalidDicomException e = assertThrows(InvalidDicomException.class, () ->
                Transcoder.transcode(jpeg, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, OutputStream.nullOutputStream(), LIMITS));
        assertEquals(InvalidDicomException.Kind.UNSUPPORTED, e.kind());

        ByteArrayOutputStream same = new ByteArrayOutputStream();
        Transcoder.transcode(jpeg, ts, same, LIMITS);
        Path copy = tmp.resolve("copy.dcm");
        Files.write(copy, same.toByteArray());
        assertArrayEquals(datasetBytes(jpeg), datasetBytes(copy), "data set copied byte for byte");
    }

    @Test
    void refusesBrokenSourceBeforeWritingAnything() throws Exception {
        Path broken = SharedData.dicom("pydicom/test_files/MR_truncated.dcm");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(InvalidDicomException.class, () ->
                Transcoder.transcode(broken, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, out, LIMITS));
        assertEquals(0, out.size());
    }

    private Path convert(Path source, String ts, String name) throws Exception {
        Path target = tmp.resolve(ts + "-" + name);
        try (OutputStream out = Files.newOutputStream(target)) {
            Transcoder.transcode(source, ts, out, LIMITS);
        }
        return target;
    }

    /** The bytes of a Part 10 file after its File Meta Information. */
    static byte[] datasetBytes(Path file) throws Exception {
        long offset;
        try (Part10Input in = Part10Input.open(file, LIMITS)) {
            offset = in.datasetOffset();
        }
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) offset, all.length);
    }

    static int dcmdump(Path file) throws Exception {
        Process p = new ProcessBuilder("dcmdump", "-q", file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }
}
