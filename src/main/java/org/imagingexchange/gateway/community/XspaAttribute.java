// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The XUA (ITI-40) attributes of the XSPA profile that the gateway reads, with the attribute
 * names of ITI TF-2 3.40.4.1.2 and the short name used in the partner file. resource-id is
 * accepted under the xacml 2.0 name and, for partners that still send it, the 1.0 name.
 */
public enum XspaAttribute {
    SUBJECT_ID("subject-id", "urn:oasis:names:tc:xspa:1.0:subject:subject-id"),
    ORGANIZATION("organization", "urn:oasis:names:tc:xspa:1.0:subject:organization"),
    ORGANIZATION_ID("organization-id", "urn:oasis:names:tc:xspa:1.0:subject:organization-id"),
    HOME_COMMUNITY_ID("home-community-id", "urn:ihe:iti:xca:2010:homeCommunityId"),
    ROLE("role", "urn:oasis:names:tc:xacml:2.0:subject:role"),
    PURPOSE_OF_USE("purpose-of-use", "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse"),
    RESOURCE_ID("resource-id", "urn:oasis:names:tc:xacml:2.0:resource:resource-id",
            "urn:oasis:names:tc:xacml:1.0:resource:resource-id");

    private final String shortName;
    private final List<String> names;

    XspaAttribute(String shortName, String... names) {
        this.shortName = shortName;
        this.names = List.of(names);
    }

    public String shortName() {
        return shortName;
    }

    /** The SAML Attribute/@Name under which the attribute is accepted (first = the standard one). */
    public List<String> samlNames() {
        return names;
    }

    public static Optional<XspaAttribute> byShortName(String name) {
        return Arrays.stream(values()).filter(a -> a.shortName.equals(name)).findFirst();
    }

    public static Optional<XspaAttribute> bySamlName(String name) {
        return Arrays.stream(values()).filter(a -> a.names.contains(name)).findFirst();
    }
}
