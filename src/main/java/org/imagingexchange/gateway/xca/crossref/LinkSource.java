// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import java.util.Locale;

/** Who made a cross-reference link; stored lower-case in {@code patient_xref.source}. */
public enum LinkSource {
    /** A person, through {@code PUT /api/patients/{localId}/cross-references/{homeCommunityId}}. */
    MANUAL,
    /** ITI-55 Cross Gateway Patient Discovery (later work). */
    XCPD;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
