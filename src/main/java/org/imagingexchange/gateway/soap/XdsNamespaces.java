// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

/** WSDL namespaces of the IHE transactions (BRIEF section 1.1). */
public final class XdsNamespaces {
    public static final String XDS_B = "urn:ihe:iti:xds-b:2007";
    public static final String XDS_I_B = "urn:ihe:rad:xdsi-b:2009";

    private XdsNamespaces() {}
}
