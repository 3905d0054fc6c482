// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.policy;

import java.util.Locale;

/**
 * A patient identifier in HL7 v2 CX form as XDS and the XUA resource-id attribute carry it,
 * {@code id^^^&universalId&ISO}: two identify the same patient when the id and the assigning
 * authority's universal id are equal. The quotes of an ebXML query slot value and escaped
 * ampersands ({@code &amp;amp;}) are tolerated.
 */
public record PatientIdentifier(String id, String authority) {

    /** Parses a CX value; null if it has no id or no assigning authority universal id. */
    public static PatientIdentifier parse(String cx) {
        if (cx == null) {
            return null;
        }
        String s = cx.strip();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        s = s.replace("&amp;", "&");
        String[] parts = s.split("\\^", -1);
        if (parts.length < 4 || parts[0].isBlank()) {
            return null;
        }
        String[] authority = parts[3].split("&", -1);
        String universal = authority.length >= 2 ? authority[1].strip() : "";
        if (universal.isEmpty()) {
            return null;
        }
        return new PatientIdentifier(parts[0].strip(), universal.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return id + "^^^&" + authority + "&ISO";
    }
}
