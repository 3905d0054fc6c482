// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.openehealth.ipf.commons.audit.types.EventType;

/**
 * Every transaction the gateway audits, with its ATNA EventTypeCode ("IHE Transactions" code
 * system, ITI TF-2 3.20.7) and the DICOM event it is recorded as on each side. Ingest of DICOM
 * instances is not an IHE transaction: it has no EventTypeCode.
 */
public enum Transaction {
    ITI_18("ITI-18", "Registry Stored Query", Kind.QUERY),
    ITI_38("ITI-38", "Cross Gateway Query", Kind.QUERY),
    ITI_39("ITI-39", "Cross Gateway Retrieve", Kind.DOCUMENTS_OUT),
    ITI_41("ITI-41", "Provide and Register Document Set-b", Kind.DOCUMENTS_IN),
    ITI_43("ITI-43", "Retrieve Document Set", Kind.DOCUMENTS_OUT),
    RAD_68("RAD-68", "Provide and Register Imaging Document Set - MTOM/XOP", Kind.DOCUMENTS_IN),
    RAD_69("RAD-69", "Retrieve Imaging Document Set", Kind.INSTANCES_OUT),
    RAD_75("RAD-75", "Cross Gateway Retrieve Imaging Document Set", Kind.INSTANCES_OUT),
    /** DICOM instances received by C-STORE or REST upload (DICOM PS3.15 A.5.3.3). */
    DICOM_INGEST("DICOM-INGEST", "DICOM instances received", Kind.INSTANCES_IN),
    /** An outside study reconciled and stored into the local PACS (IRWF.b import, DICOM Import 110107). */
    IMPORT("IMPORT", "Import reconciliation", Kind.DOCUMENTS_IN);

    /**
     * How the transaction is recorded. The served side (we answer) and the called side (we ask)
     * differ for the document and instance kinds: e.g. ITI-43 is an Export (110106) by the
     * repository and an Import (110107) by the consumer.
     */
    enum Kind { QUERY, DOCUMENTS_OUT, DOCUMENTS_IN, INSTANCES_OUT, INSTANCES_IN }

    private final String code;
    private final String displayName;
    private final Kind kind;

    Transaction(String code, String displayName, Kind kind) {
        this.code = code;
        this.displayName = displayName;
        this.kind = kind;
    }

    /** The transaction code as written in audit records and accepted by {@code GET /api/audit?event=}. */
    public String code() {
        return code;
    }

    Kind kind() {
        return kind;
    }

    /** The EventTypeCode, or null for ingest. */
    EventType eventType() {
        return this == DICOM_INGEST || this == IMPORT ? null : EventType.of(code, "IHE Transactions", displayName);
    }

    /** The transaction of a code such as {@code ITI-18} (case-insensitive), or null. */
    public static Transaction ofCode(String code) {
        for (Transaction t : values()) {
            if (t.code.equalsIgnoreCase(code)) {
                return t;
            }
        }
        return null;
    }
}
