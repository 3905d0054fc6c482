// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

/** The partner file is unreadable or invalid; the message names file, line, partner and field. */
public class PartnerDirectoryException extends RuntimeException {
    public PartnerDirectoryException(String message) {
        super(message);
    }

    public PartnerDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
