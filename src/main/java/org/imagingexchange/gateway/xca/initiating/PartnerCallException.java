// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import org.imagingexchange.gateway.soap.SoapCallException;

/** A call to a partner could not be made or did not complete: the community is unavailable. */
public final class PartnerCallException extends SoapCallException {
    public PartnerCallException(String message) {
        super(message);
    }

    public PartnerCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
