// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;

/** The data element tags this package reads by itself, as (group << 16 | element). */
final class Tags {

    static final int FILE_META_GROUP_LENGTH = 0x00020000;
    static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    static final int TRANSFER_SYNTAX_UID = 0x00020010;
    static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
    static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;

    static final int DIRECTORY_RECORD_SEQUENCE = 0x00041220;
    static final int REFERENCED_FILE_ID = 0x00041500;

    static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    static final int SOP_CLASS_UID = 0x00080016;
    static final int SOP_INSTANCE_UID = 0x00080018;
    static final int STUDY_DATE = 0x00080020;
    static final int STUDY_TIME = 0x00080030;
    static final int ACCESSION_NUMBER = 0x00080050;
    static final int ISSUER_OF_ACCESSION_NUMBER_SEQUENCE = 0x00080051;
    static final int RETRIEVE_AE_TITLE = 0x00080054;
    static final int MODALITY = 0x00080060;
    static final int STUDY_DESCRIPTION = 0x00081030;
    static final int REFERENCED_SERIES_SEQUENCE = 0x00081115;
    static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    static final int REFERENCED_SOP_SEQUENCE = 0x00081199;
    static final int PATIENT_NAME = 0x00100010;
    static final int PATIENT_ID = 0x00100020;
    static final int ISSUER_OF_PATIENT_ID = 0x00100021;
    static final int TYPE_OF_PATIENT_ID = 0x00100022;
    static final int ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE = 0x00100024;
    static final int PATIENT_BIRTH_DATE = 0x00100030;
    static final int PATIENT_SEX = 0x00100040;
    static final int OTHER_PATIENT_IDS_SEQUENCE = 0x00101002;
    static final int STUDY_INSTANCE_UID = 0x0020000D;
    static final int SERIES_INSTANCE_UID = 0x0020000E;
    static final int SERIES_NUMBER = 0x00200011;
    static final int INSTANCE_NUMBER = 0x00200013;
    static final int PIXEL_REPRESENTATION = 0x00280103;
    static final int LOCAL_NAMESPACE_ENTITY_ID = 0x00400031;
    static final int UNIVERSAL_ENTITY_ID = 0x00400032;
    static final int UNIVERSAL_ENTITY_ID_TYPE = 0x00400033;
    static final int CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE = 0x0040A375;
    static final int RETRIEVE_LOCATION_UID = 0x0040E011;
    static final int MODIFIED_ATTRIBUTES_SEQUENCE = 0x04000550;
    static final int ORIGINAL_ATTRIBUTES_SEQUENCE = 0x04000561;
    static final int ATTRIBUTE_MODIFICATION_DATETIME = 0x04000562;
    static final int MODIFYING_SYSTEM = 0x04000563;
    static final int SOURCE_OF_PREVIOUS_VALUES = 0x04000564;
    static final int REASON_FOR_THE_ATTRIBUTE_MODIFICATION = 0x04000565;
    static final int PIXEL_DATA = 0x7FE00010;

    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private Tags() {
    }

    static int group(int tag) {
        return tag >>> 16;
    }

    /** The DICOM keyword of a tag (e.g. "PatientID"), or its (gggg,eeee) form if the dictionary lacks it. */
    static String keyword(int tag) {
        String name = DicomDictionary.StandardDictionary.getNameFromTag(new AttributeTag(group(tag), tag & 0xFFFF));
        return name != null ? name : format(tag);
    }

    static String format(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
