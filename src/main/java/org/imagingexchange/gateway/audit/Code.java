// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.openehealth.ipf.commons.audit.types.CodedValueType;

/**
 * A coded value as XUA carries it (an HL7 CE: code, codeSystem OID, display name), e.g. a role
 * or a purpose of use. In the DICOM audit message it becomes {@code csd-code}, {@code
 * codeSystemName} (the code system OID when no name is given) and {@code originalText} (the
 * display name, or the code: the schema requires one).
 */
public record Code(String code, String codeSystem, String displayName) {
    public Code {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a code needs a value");
        }
    }

    CodedValueType toCodedValue() {
        String system = codeSystem == null || codeSystem.isBlank() ? "unknown" : codeSystem;
        String text = displayName == null || displayName.isBlank() ? code : displayName;
        return CodedValueType.of(code, system, text);
    }

    /** {@code code^displayName^codeSystem}: how a code is kept in the audit table. */
    String render() {
        return code + "^" + (displayName == null ? "" : displayName) + "^" + (codeSystem == null ? "" : codeSystem);
    }
}
