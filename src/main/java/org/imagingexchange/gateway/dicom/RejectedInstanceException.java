// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

/**
 * Thrown by an {@link InstanceReceiver} to refuse an instance: the C-STORE SCP answers a failure
 * status with the reason as Error Comment (0000,0902), so the reason must not contain patient data.
 */
public class RejectedInstanceException extends Exception {

    private static final long serialVersionUID = 1L;

    /** C-STORE status 0xA700, Refused: Out of Resources (the sender may retry later). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** C-STORE status 0xA900, Error: Data Set does not match SOP Class. */
    public static final int DATA_SET_MISMATCH = 0xA900;
    /** C-STORE status 0xC000, Error: Cannot understand (the gateway will not take this instance). */
    public static final int CANNOT_UNDERSTAND = 0xC000;

    private final int status;

    /** Refuses with 0xC000 (Cannot understand). */
    public RejectedInstanceException(String reason) {
        this(reason, CANNOT_UNDERSTAND);
    }

    /** Refuses with the given C-STORE failure status (one of the constants, or another Axxx/Cxxx code). */
    public RejectedInstanceException(String reason, int status) {
        super(reason);
        if (status <= 0 || status > 0xFFFF || (status & 0xF000) == 0xB000 || (status & 0xFF00) == 0xFF00) {
            throw new IllegalArgumentException("not a failure status: " + Integer.toHexString(status));
        }
        this.status = status;
    }

    public String reason() {
        return getMessage();
    }

    /** The DIMSE status to answer. */
    public int status() {
        return status;
    }
}
