// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

/**
 * A file or stream that is not acceptable DICOM: not Part 10, truncated, over a {@link DicomLimits}
 * limit, structurally broken, or missing what the gateway needs. The message is meant for an
 * operator (and may be shown to the sender); it never contains patient data.
 */
public class InvalidDicomException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem; lets callers map it to a protocol status without parsing messages. */
    public enum Kind {
        /** No 128-byte preamble + "DICM" + File Meta Information. */
        NOT_PART10,
        /** The data ends before a declared length or delimiter. */
        TRUNCATED,
        /** A declared length, the file size or the nesting depth is over a limit. */
        LIMIT_EXCEEDED,
        /** Bytes that do not follow the encoding rules of PS3.5. */
        MALFORMED,
        /** A transfer syntax or encoding the gateway does not handle. */
        UNSUPPORTED,
        /** Parses, but lacks an attribute the gateway requires (e.g. Series Instance UID). */
        MISSING_ATTRIBUTE,
        /** A valid Part 10 file that is not a composite instance (a DICOMDIR). */
        NOT_AN_INSTANCE
    }

    private final Kind kind;

    public InvalidDicomException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public InvalidDicomException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
