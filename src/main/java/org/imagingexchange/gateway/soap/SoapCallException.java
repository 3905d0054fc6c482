// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

/**
 * A SOAP call to another node (a partner gateway, or this community's external registry,
 * repository or Imaging Document Source) could not be made or did not complete.
 */
public class SoapCallException extends RuntimeException {
    public SoapCallException(String message) {
        super(message);
    }

    public SoapCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
