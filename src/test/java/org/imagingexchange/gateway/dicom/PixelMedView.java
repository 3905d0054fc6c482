// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ValueRepresentation;
import java.nio.file.Path;

/**
 * Test helper: reads files with PixelMed, independently of this package's own parser, and compares
 * two data sets attribute by attribute (values, not encodings).
 */
final class PixelMedView {

    private PixelMedView() {
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile());
        return list;
    }

    static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }

    private static boolean isBulk(Attribute a) {
        byte[] vr = a.getVR();
        return ValueRepresentation.isOtherWordVR(vr) || ValueRepresentation.isOtherByteVR(vr)
                || ValueRepresentation.isUnknownVR(vr);
    }

    /** The value as little endian bytes, without a trailing pad byte. */
    private static byte[] littleEndianBytes(Attribute a) throws Exception {
        if (!ValueRepresentation.isOtherWordVR(a.getVR())) {
            return trimmed(a.getByteValues(), a.getVL());
        }
        short[] s = a.getShortValues();
        byte[] b = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) s[i];
            b[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return trimmed(b, a.getVL());
    }

    private static byte[] trimmed(byte[] b, long length) {
        return b.length > length ? java.util.Arrays.copyOf(b, (int) length) : b;
    }

    /** Asserts that every attribute of {@code expected} (but File Meta and group lengths) has the same value in {@code actual}. */
    static void assertSameDataset(AttributeList expected, AttributeList actual, String where) throws Exception {
        for (AttributeTag tag : expected.keySet()) {
            if (tag.getGroup() == 0x0002 || tag.getElement() == 0) {
                continue;
            }
            Attribute e = expected.get(tag);
            Attribute a = actual.get(tag);
            String here = where + tag;
            assertNotNull(a, "missing " + here);
            if (e instanceof SequenceAttribute es) {
                SequenceAttribute as = (SequenceAttribute) a;
                assertEquals(es.getNumberOfItems(), as.getNumberOfItems(), "items in " + here);
                for (int i = 0; i < es.getNumberOfItems(); i++) {
                    assertSameDataset(es.getItem(i).getAttributeList(), as.getItem(i).getAttributeList(), here + "/" + i);
                }
            } else if (isBulk(e) || isBulk(a)) {
                // OB and OW carry the same little endian bytes; implicit VR turns OB pixel data into OW
                assertArrayEquals(littleEndianBytes(e), littleEndianBytes(a), "bytes " + here);
            } else {
                assertEquals(e.getDelimitedStringValuesOrEmptyString(), a.getDelimitedStringValuesOrEmptyString(), here);
            }
        }
    }
}
