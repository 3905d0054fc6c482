// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

/**
 * A link that would make one partner patient id name two local patients. The message names the
 * ids involved and is meant for the operator (REST 409), never for a partner.
 */
public final class CrossReferenceConflictException extends RuntimeException {
    public CrossReferenceConflictException(String message) {
        super(message);
    }
}
