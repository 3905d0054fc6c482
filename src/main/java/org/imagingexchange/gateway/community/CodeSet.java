// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.List;

/**
 * The coded values a partner may present for one XSPA attribute (roles or purposes of use).
 * {@link #any()} accepts every value; it must be written out in the partner file, never implied.
 */
public record CodeSet(boolean anyValue, List<CodedValue> values) {
    public CodeSet {
        values = List.copyOf(values);
    }

    public static CodeSet any() {
        return new CodeSet(true, List.of());
    }

    public static CodeSet of(CodedValue... values) {
        return new CodeSet(false, List.of(values));
    }

    public boolean allows(CodedValue value) {
        return anyValue || values.stream().anyMatch(v -> v.sameConcept(value));
    }

    @Override
    public String toString() {
        return anyValue ? "any" : values.toString();
    }
}
