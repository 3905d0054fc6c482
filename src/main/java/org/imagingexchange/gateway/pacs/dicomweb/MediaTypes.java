// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.util.Locale;

/** Just enough RFC 9110 media-type parsing for Content-Type headers: the type and one parameter. */
final class MediaTypes {
    private MediaTypes() {
    }

    /** {@code "multipart/related; type=..."} gives {@code "multipart/related"}, lower case. */
    static String baseType(String header) {
        if (header == null) {
            return "";
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of parameter {@code name} (case-insensitive), unquoted, or null. Quoted values may
     * contain {@code ;} and backslash escapes, as multipart boundaries sometimes do.
     */
    static String parameter(String header, String name) {
        if (header == null) {
            return null;
        }
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int eq = header.indexOf('=', i + 1);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(i + 1, eq).trim();
            int p = eq + 1;
            while (p < header.length() && header.charAt(p) == ' ') {
                p++;
            }
            StringBuilder value = new StringBuilder();
            if (p < header.length() && header.charAt(p) == '"') {
                p++;
                while (p < header.length() && header.charAt(p) != '"') {
                    char c = header.charAt(p++);
                    if (c == '\\' && p < header.length()) {
                        c = header.charAt(p++);
                    }
                    value.append(c);
                }
                p = header.indexOf(';', p);
            } else {
                int end = header.indexOf(';', p);
                value.append(header, p, end < 0 ? header.length() : end);
                p = end;
            }
            if (key.equalsIgnoreCase(name)) {
                return value.toString().trim();
            }
            i = p;
        }
        return null;
    }
}
