// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.Test;

class MetaHeaderTest {
    private static final Path MR = TestPaths.nistStudyDir()
            .resolve("1.3.6.1.4.1.21367.201599.3.201606010958044.1.explicitLE.dcm");
    private static final Path JPEG = TestPaths.shared().resolve("dicom/nist-iheos-toolkit2/xca-i/community-A/"
            + "IIG-DEPT1011_Alpha/alt-ts/1.3.6.1.4.1.21367.201599.3.201606010958036.1.jpegLosslessSV1.dcm");

    @Test
    void readsTheTransferSyntaxFromTheFirstBytes() throws Exception {
        try (InputStream in = Files.newInputStream(MR)) {
            assertEquals(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, MetaHeader.transferSyntax(in));
        }
        try (InputStream in = Files.newInputStream(JPEG)) {
            assertEquals(TransferSyntaxes.JPEG_LOSSLESS_SV1, MetaHeader.transferSyntax(in));
        }
    }

    @Test
    void datasetStartsRightAfterTheMetaHeader() throws Exception {
        byte[] file = Files.readAllBytes(MR);
        long offset;
        try (InputStream in = new ByteArrayInputStream(file)) {
            offset = MetaHeader.datasetOffset(in);
        }
        assertTrue(offset > 132 && offset < 1024, "offset " + offset);
        int group = (file[(int) offset] & 0xff) | (file[(int) offset + 1] & 0xff) << 8;
        assertEquals(0x0008, group, "the data set starts with group 0008");
        int lastMetaGroup = (file[(int) offset - 8] & 0xff) | (file[(int) offset - 7] & 0xff) << 8;
        assertTrue(lastMetaGroup == 0x0002 || offset > 140, "the bytes before belong to the meta header");
    }

    @Test
    void refusesWhatIsNotPart10() {
        assertThrows(InvalidDicomException.class,
                () -> MetaHeader.transferSyntax(new ByteArrayInputStream(new byte[200])));
        assertThrows(InvalidDicomException.class,
                () -> MetaHeader.transferSyntax(new ByteArrayInputStream(new byte[10])));
    }
}
