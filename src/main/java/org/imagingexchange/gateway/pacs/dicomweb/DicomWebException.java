// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.IOException;

/**
 * A DICOMweb origin server answered, but not with what the request needed: an HTTP error status,
 * an unexpected media type, or a body that breaks PS3.18 (bad multipart, bad DICOM JSON).
 *
 * <p>It is an {@link IOException} so callers handle one kind of failure for "the PACS did not
 * deliver", whether the network or the server is at fault. The message is short and carries no
 * response body beyond a brief excerpt; callers log it and map it to their own error (for
 * example XDSRepositoryError), they do not pass it to partners.
 */
public class DicomWebException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Used as {@link #status()} when the HTTP exchange succeeded but its content was wrong. */
    public static final int NO_STATUS = 0;

    private final int status;

    public DicomWebException(int status, String message) {
        super(message);
        this.status = status;
    }

    public DicomWebException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the server answered with, or {@link #NO_STATUS} for a content error. */
    public int status() {
        return status;
    }

    /** True when the server said the requested study, series or instance does not exist. */
    public boolean isNotFound() {
        return false;
    }
}
