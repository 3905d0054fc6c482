// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.Objects;

/**
 * An HL7 v3 CE coded value as XUA carries it in the XSPA role and purpose-of-use attributes
 * (ITI TF-2 3.40.4.1.2): {@code code} and {@code codeSystem} identify the concept; the name of
 * the code system and the display name are kept for the audit record only.
 */
public record CodedValue(String code, String codeSystem, String codeSystemName, String displayName) {
    public CodedValue {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(codeSystem, "codeSystem");
    }

    public static CodedValue of(String code, String codeSystem) {
        return new CodedValue(code, codeSystem, null, null);
    }

    /** Same concept: equal code and code system (names are descriptive only). */
    public boolean sameConcept(CodedValue other) {
        return other != null && code.equals(other.code) && codeSystem.equals(other.codeSystem);
    }

    @Override
    public String toString() {
        return code + "@" + codeSystem;
    }
}
