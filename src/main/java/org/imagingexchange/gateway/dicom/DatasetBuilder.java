// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;

/**
 * A thin, PixelMed-backed builder for data sets the gateway writes itself (KOS manifests): VRs come
 * from the standard dictionary and every text value is encoded as UTF-8 (ISO_IR 192).
 */
final class DatasetBuilder {

    static final String UTF8_TERM = "ISO_IR 192";
    private static final SpecificCharacterSet UTF8 = new SpecificCharacterSet(new String[] {UTF8_TERM});

    private final AttributeList list;

    DatasetBuilder() {
        this(new AttributeList());
    }

    private DatasetBuilder(AttributeList list) {
        this.list = list;
    }

    AttributeList list() {
        return list;
    }

    /** Puts the attribute; a null value gives an empty (type 2) attribute. */
    DatasetBuilder put(int tag, String value) throws DicomException {
        AttributeTag t = tag(tag);
        Attribute a = AttributeFactory.newAttribute(t, DicomDictionary.StandardDictionary.getValueRepresentationFromTag(t),
                UTF8);
        if (value != null && !value.isEmpty()) {
            a.addValue(value);
        }
        list.put(a);
        return this;
    }

    /** Puts the attribute only if the value is not null or empty (type 3 / 1C). */
    DatasetBuilder putIfPresent(int tag, String value) throws DicomException {
        return value == null || value.isEmpty() ? this : put(tag, value);
    }

    /** Puts an empty sequence and returns it, for {@link #item}. */
    SequenceAttribute sequence(int tag) {
        SequenceAttribute s = new SequenceAttribute(tag(tag));
        list.put(s);
        return s;
    }

    /** Adds an item to {@code sequence} and returns a builder for it. */
    static DatasetBuilder item(SequenceAttribute sequence) {
        AttributeList item = new AttributeList();
        sequence.addItem(item);
        return new DatasetBuilder(item);
    }

    /** Puts a one-item code sequence (Code Value, Coding Scheme Designator, Code Meaning). */
    DatasetBuilder code(int tag, String value, String scheme, String meaning) throws DicomException {
        item(sequence(tag)).put(0x00080100, value).put(0x00080102, scheme).put(0x00080104, meaning);
        return this;
    }

    private static AttributeTag tag(int tag) {
        return new AttributeTag(tag >>> 16, tag & 0xFFFF);
    }
}
