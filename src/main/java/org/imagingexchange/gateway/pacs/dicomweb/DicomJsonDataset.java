// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Read access to one DICOM JSON dataset (PS3.18 F.2): an object keyed by eight hex digits, each
 * attribute holding {@code "vr"} and an optional {@code "Value"} array.
 *
 * <p>Only the value forms QIDO-RS and STOW-RS answers use are read: strings, numbers (IS, DS, US
 * and friends arrive as JSON numbers, F.2.3), person names as {@code {"Alphabetic", "Ideographic",
 * "Phonetic"}} objects (F.2.2) and sequences of nested datasets. BulkDataURI and InlineBinary
 * values are ignored. An absent attribute, an attribute without {@code "Value"}, or a value of an
 * unexpected shape all read as "not there" (null or empty), because PACS differ in what they
 * leave out and a missing optional field must not fail a whole query.
 */
final class DicomJsonDataset {
    private final Map<String, Object> attributes;

    private DicomJsonDataset(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /** Wraps a parsed JSON object; tag keys are matched case-insensitively (F.2.1 says upper case). */
    static DicomJsonDataset of(Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a DICOM JSON dataset must be a JSON object");
        }
        Map<String, Object> normalized = new HashMap<>();
        map.forEach((k, v) -> normalized.put(String.valueOf(k).toUpperCase(Locale.ROOT), v));
        return new DicomJsonDataset(normalized);
    }

    /** The datasets of a JSON array answer (QIDO-RS); anything else is a protocol error. */
    static List<DicomJsonDataset> listOf(Object json) {
        if (!(json instanceof List<?> list)) {
            throw new IllegalArgumentException("a DICOM JSON answer must be a JSON array");
        }
        List<DicomJsonDataset> out = new ArrayList<>(list.size());
        for (Object item : list) {
            out.add(of(item));
        }
        return out;
    }

    /** First value as text; numbers in their plain decimal form. */
    String string(String tag) {
        List<String> all = strings(tag);
        return all.isEmpty() ? null : all.get(0);
    }

    /** All values as text, person names in DICOM form ({@code Alphabetic=Ideographic=Phonetic}). */
    List<String> strings(String tag) {
        List<String> out = new ArrayList<>();
        for (Object v : values(tag)) {
            String s = text(v);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** First value as an int, from a JSON number or a numeric string; null if absent or not integral. */
    Integer integer(String tag) {
        List<Object> values = values(tag);
        if (values.isEmpty()) {
            return null;
        }
        try {
            Object v = values.get(0);
            BigDecimal n = v instanceof BigDecimal d ? d : new BigDecimal(String.valueOf(v).trim());
            return n.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** Items of a sequence attribute (SQ). */
    List<DicomJsonDataset> sequence(String tag) {
        List<DicomJsonDataset> out = new ArrayList<>();
        for (Object v : values(tag)) {
            if (v instanceof Map<?, ?>) {
                out.add(of(v));
            }
        }
        return out;
    }

    private List<Object> values(String tag) {
        Object attribute = attributes.get(tag);
        if (attribute instanceof Map<?, ?> a && a.get("Value") instanceof List<?> values) {
            return new ArrayList<>(values);
        }
        return List.of();
    }

    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal n) {
            return n.toPlainString();
        }
        if (v instanceof Map<?, ?> pn) {
            return personName(pn);
        }
        return null;
    }

    /** Joins the PN component groups back into the DICOM string form, dropping empty trailing ones. */
    private static String personName(Map<?, ?> pn) {
        String[] groups = {
            stringOrEmpty(pn.get("Alphabetic")), stringOrEmpty(pn.get("Ideographic")), stringOrEmpty(pn.get("Phonetic"))
        };
        int last = groups.length;
        while (last > 0 && groups[last - 1].isEmpty()) {
            last--;
        }
        return last == 0 ? "" : String.join("=", Arrays.asList(groups).subList(0, last));
    }

    private static String stringOrEmpty(Object o) {
        return o instanceof String s ? s : "";
    }
}
