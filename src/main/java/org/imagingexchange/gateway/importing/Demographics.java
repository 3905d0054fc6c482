// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A patient's name, birth date and sex as an import compares them: names folded to upper case
 * without accents, family and given name apart. Personal data: never log it.
 */
record Demographics(String family, String given, String birthDate, String sex) {

    /** From DICOM values: a PN ("Family^Given^..." with "=" before ideographic/phonetic groups). */
    static Demographics of(String personName, String birthDate, String sex) {
        String alphabetic = personName == null ? "" : personName.split("=", -1)[0];
        String[] parts = alphabetic.split("\\^", -1);
        return new Demographics(fold(parts.length > 0 ? parts[0] : ""), fold(parts.length > 1 ? parts[1] : ""),
                blankToNull(birthDate), blankToNull(sex == null ? null : sex.strip().toUpperCase(Locale.ROOT)));
    }

    /**
     * How well {@code other} matches, 0 to 1: birth date 0.35, family name 0.35, given name 0.2
     * (0.1 for the same initial), sex 0.1. Missing values earn nothing, so a record with only a
     * name can never pass a threshold that needs a birth date.
     */
    double score(Demographics other) {
        double s = 0;
        if (birthDate != null && birthDate.equals(other.birthDate)) {
            s += 0.35;
        }
        if (!family.isEmpty() && family.equals(other.family)) {
            s += 0.35;
        }
        if (!given.isEmpty() && !other.given.isEmpty()) {
            if (given.equals(other.given)) {
                s += 0.2;
            } else if (given.charAt(0) == other.given.charAt(0)) {
                s += 0.1;
            }
        }
        if (sex != null && sex.equals(other.sex)) {
            s += 0.1;
        }
        return Math.round(s * 100) / 100.0;
    }

    private static String fold(String s) {
        String decomposed = Normalizer.normalize(s.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9 ]", " ").replaceAll("\\s+", " ").strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
