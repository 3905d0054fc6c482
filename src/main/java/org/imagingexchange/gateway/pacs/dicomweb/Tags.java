// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

/** The DICOM tags this client reads or asks for, in the DICOM JSON key form (PS3.18 F.2.1.1). */
final class Tags {
    static final String SPECIFIC_CHARACTER_SET = "00080005";
    static final String SOP_CLASS_UID = "00080016";
    static final String SOP_INSTANCE_UID = "00080018";
    static final String STUDY_DATE = "00080020";
    static final String STUDY_TIME = "00080030";
    static final String ACCESSION_NUMBER = "00080050";
    static final String MODALITIES_IN_STUDY = "00080061";
    static final String MODALITY = "00080060";
    static final String STUDY_DESCRIPTION = "00081030";
    static final String FAILED_SOP_SEQUENCE = "00081198";
    static final String REFERENCED_SOP_SEQUENCE = "00081199";
    static final String REFERENCED_SOP_CLASS_UID = "00081150";
    static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    static final String FAILURE_REASON = "00081197";
    static final String WARNING_REASON = "00081196";
    static final String RETRIEVE_URL = "00081190";
    static final String AVAILABLE_TRANSFER_SYNTAX_UID = "00083002";
    static final String TRANSFER_SYNTAX_UID = "00020010";
    static final String PATIENT_NAME = "00100010";
    static final String PATIENT_ID = "00100020";
    static final String ISSUER_OF_PATIENT_ID = "00100021";
    static final String PATIENT_BIRTH_DATE = "00100030";
    static final String PATIENT_SEX = "00100040";
    static final String STUDY_INSTANCE_UID = "0020000D";
    static final String SERIES_INSTANCE_UID = "0020000E";
    static final String SERIES_NUMBER = "00200011";
    static final String INSTANCE_NUMBER = "00200013";
    static final String NUMBER_OF_STUDY_RELATED_INSTANCES = "00201208";

    private Tags() {
    }
}
