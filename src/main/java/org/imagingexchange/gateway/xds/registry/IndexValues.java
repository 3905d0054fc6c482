// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;

/**
 * The one place that decides how metadata values look in the indexed columns, so that rows
 * written at registration and parameters built for ITI-18 queries always compare equal:
 * codes as {@code code^^scheme} (display names are not part of a code's identity, ITI TF-2
 * 3.18.4.1.2.3.4), identifiers in their HL7 rendering, multi-valued columns as '|'-delimited
 * tokens, times as instants.
 */
final class IndexValues {
    private static final char DELIMITER = '|';

    private IndexValues() {}

    static String code(Code code) {
        if (code == null || code.getCode() == null) {
            return null;
        }
        return code.getCode() + "^^" + Objects.toString(code.getSchemeName(), "");
    }

    static String cx(Identifiable id) {
        return id == null ? null : Hl7v2Based.render(id);
    }

    static String referenceId(ReferenceId id) {
        return id == null ? null : Hl7v2Based.render(id);
    }

    /** Normalizes a reference id given as a string in a query to the stored rendering. */
    static String referenceId(String value) {
        return value == null ? null : referenceId(ReferenceId.parse(value));
    }

    static Instant instant(Timestamp ts) {
        return ts == null || ts.getDateTime() == null ? null : ts.getDateTime().toInstant();
    }

    /** '|a|b|' for a non-empty collection, null otherwise. */
    static String tokens(Collection<String> values) {
        var present = values.stream().filter(Objects::nonNull).distinct().toList();
        if (present.isEmpty()) {
            return null;
        }
        return present.stream().collect(Collectors.joining("|", "|", "|"));
    }

    static String codeTokens(Collection<Code> codes) {
        return tokens(codes.stream().map(IndexValues::code).toList());
    }

    /** LIKE pattern (escape character '!') matching a column of tokens that contains {@code token}. */
    static String containsToken(String token) {
        StringBuilder sb = new StringBuilder("%").append(DELIMITER);
        for (char c : token.toCharArray()) {
            if (c == '%' || c == '_' || c == '!') {
                sb.append('!');
            }
            sb.append(c);
        }
        return sb.append(DELIMITER).append('%').toString();
    }
}
