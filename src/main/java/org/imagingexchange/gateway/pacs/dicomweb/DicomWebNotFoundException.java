// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

/**
 * HTTP 404 on a WADO-RS retrieve: the PACS does not hold the instance. Kept apart from other
 * failures because RAD-69/RAD-75 report a missing instance per document (XDSDocumentUniqueIdError)
 * while an unreachable or failing PACS fails the whole request (XDSRepositoryError).
 */
public final class DicomWebNotFoundException extends DicomWebException {
    private static final long serialVersionUID = 1L;

    public DicomWebNotFoundException(String message) {
        super(404, message);
    }

    @Override
    public boolean isNotFound() {
        return true;
    }
}
