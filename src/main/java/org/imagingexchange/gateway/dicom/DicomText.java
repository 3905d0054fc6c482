// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Decodes text values by Specific Character Set (0008,0005), PS3.5 section 6.1 and Annexes H-K,
 * including ISO 2022 code extensions (Japanese, Korean, Simplified Chinese). Written here rather
 * than taken from PixelMed because PixelMed's decoder throws on ISO 2022 IR 58 and the exception
 * desynchronises its parser (seen on fo-dicom/chrGB2312.dcm).
 */
final class DicomText {

    private static final Map<String, String> SINGLE = Map.ofEntries(
            Map.entry("ISO_IR 6", "US-ASCII"), Map.entry("ISO_IR 100", "ISO-8859-1"),
            Map.entry("ISO_IR 101", "ISO-8859-2"), Map.entry("ISO_IR 109", "ISO-8859-3"),
            Map.entry("ISO_IR 110", "ISO-8859-4"), Map.entry("ISO_IR 144", "ISO-8859-5"),
            Map.entry("ISO_IR 127", "ISO-8859-6"), Map.entry("ISO_IR 126", "ISO-8859-7"),
            Map.entry("ISO_IR 138", "ISO-8859-8"), Map.entry("ISO_IR 148", "ISO-8859-9"),
            Map.entry("ISO_IR 203", "ISO-8859-15"), Map.entry("ISO_IR 166", "TIS-620"),
            Map.entry("ISO_IR 13", "JIS_X0201"), Map.entry("ISO_IR 192", "UTF-8"),
            Map.entry("GB18030", "GB18030"), Map.entry("GBK", "GBK"));
    /** G1 (high half) character sets designated by "ESC - F" (96-character sets). */
    private static final Map<Character, String> G1_96 = Map.ofEntries(Map.entry('A', "ISO-8859-1"),
            Map.entry('B', "ISO-8859-2"), Map.entry('C', "ISO-8859-3"), Map.entry('D', "ISO-8859-4"),
            Map.entry('L', "ISO-8859-5"), Map.entry('G', "ISO-8859-6"), Map.entry('F', "ISO-8859-7"),
            Map.entry('H', "ISO-8859-8"), Map.entry('M', "ISO-8859-9"), Map.entry('b', "ISO-8859-15"),
            Map.entry('T', "TIS-620"));
    private static final String ASCII = "US-ASCII";
    private static final String JIS_ROMAN = "JIS_X0201";
    private static final String JIS_X0208 = "x0208";
    private static final String JIS_X0212 = "x0212";

    private final String[] terms;

    private DicomText(String[] terms) {
        this.terms = terms;
    }

    /** The decoder for a data set whose (0008,0005) value is {@code value} (null: default repertoire). */
    static DicomText of(byte[] value) {
        if (value == null) {
            return new DicomText(new String[] {""});
        }
        String[] t = new String(value, StandardCharsets.US_ASCII).split("\\\\", -1);
        for (int i = 0; i < t.length; i++) {
            t[i] = t[i].trim();
        }
        return new DicomText(t);
    }

    /** A value of a VR that is always in the default repertoire (UI, CS, DA, TM, IS, AE), trimmed. */
    static String ascii(byte[] value) {
        return trim(new String(value, StandardCharsets.ISO_8859_1));
    }

    /** A value of a text VR (PN, LO, SH, LT, ST, UT, UC), decoded and trimmed. */
    String decode(byte[] value) {
        boolean extensions = false;
        for (String t : terms) {
            extensions |= t.startsWith("ISO 2022");
        }
        if (!extensions) {
            String name = SINGLE.get(terms[0].isEmpty() ? "ISO_IR 6" : terms[0]);
            Charset cs = name == null || ASCII.equals(name) ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
            return trim(new String(value, cs));
        }
        return trim(decodeIso2022(value));
    }

    /**
     * Encodes a new text value (PN, LO, SH, LT, ST, UT, UC) in this data set's character set and
     * pads it with a space to an even length. Code extensions (ISO 2022) are not written: under
     * them only values in the default repertoire are accepted, which every such data set can hold.
     *
     * @throws InvalidDicomException if the value has characters the character set cannot represent,
     *     rather than writing bytes that would decode to something else
     */
    byte[] encode(String value) throws InvalidDicomException {
        boolean extensions = false;
        for (String t : terms) {
            extensions |= t.startsWith("ISO 2022");
        }
        String name = extensions ? ASCII : SINGLE.get(terms[0].isEmpty() ? "ISO_IR 6" : terms[0]);
        if (name == null) {
            throw new InvalidDicomException(InvalidDicomException.Kind.UNSUPPORTED,
                    "cannot write text in the unknown Specific Character Set " + String.join("\\", terms));
        }
        CharsetEncoder encoder = Charset.forName(name).newEncoder();
        byte[] b;
        try {
            ByteBuffer buf = encoder.encode(CharBuffer.wrap(value));
            b = new byte[buf.remaining()];
            buf.get(b);
        } catch (CharacterCodingException e) {
            throw new InvalidDicomException(InvalidDicomException.Kind.UNSUPPORTED,
                    "a new value has characters that the data set's Specific Character Set ("
                            + (terms[0].isEmpty() && terms.length == 1 ? "default repertoire" : String.join("\\", terms))
                            + ") cannot represent");
        }
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] padded = Arrays.copyOf(b, b.length + 1);
        padded[b.length] = ' ';
        return padded;
    }

    private String decodeIso2022(byte[] b) {
        String first = terms[0];
        String g0 = "ISO 2022 IR 13".equals(first) ? JIS_ROMAN : ASCII;
        String g1 = "ISO 2022 IR 13".equals(first) ? JIS_ROMAN : initialG1(first);
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        String runCharset = null;
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c == 0x1B) {
                flush(out, run, runCharset);
                int n = escapeLength(b, i);
                String seq = new String(b, i + 1, n - 1, StandardCharsets.ISO_8859_1);
                String[] next = designate(seq, g0, g1);
                g0 = next[0];
                g1 = next[1];
                i += n;
                continue;
            }
            String cs = c < 0x80 ? g0 : g1;
            if (!cs.equals(runCharset)) {
                flush(out, run, runCharset);
                runCharset = cs;
            }
            run.write(c);
            i++;
        }
        flush(out, run, runCharset);
        return out.toString();
    }

    private static String initialG1(String first) {
        String name = SINGLE.get(first.replace("ISO 2022 IR ", "ISO_IR "));
        return name == null ? "ISO-8859-1" : name;
    }

    /** Length of the escape sequence at {@code i}: ESC, intermediate bytes 0x20-0x2F, one final byte. */
    private static int escapeLength(byte[] b, int i) {
        int j = i + 1;
        while (j < b.length && (b[j] & 0xFF) >= 0x20 && (b[j] & 0xFF) <= 0x2F) {
            j++;
        }
        return Math.min(j + 1, b.length) - i;
    }

    private static String[] designate(String seq, String g0, String g1) {
        switch (seq) {
            case "(B":
                return new String[] {ASCII, g1};
            case "(J":
                return new String[] {JIS_ROMAN, g1};
            case ")I":
                return new String[] {g0, JIS_ROMAN};
            case "$B":
                return new String[] {JIS_X0208, g1};
            case "$(D":
                return new String[] {JIS_X0212, g1};
            case "$)C":
                return new String[] {g0, "EUC-KR"};
            case "$)A":
                return new String[] {g0, "GB2312"};
            default:
                if (seq.length() == 2 && seq.charAt(0) == '-' && G1_96.containsKey(seq.charAt(1))) {
                    return new String[] {g0, G1_96.get(seq.charAt(1))};
                }
                return new String[] {g0, g1};
        }
    }

    /** Decodes a run of bytes that share one character set; JIS X 0208/0212 go through EUC-JP. */
    private static void flush(StringBuilder out, ByteArrayOutputStream run, String cs) {
        if (run.size() == 0) {
            return;
        }
        byte[] bytes = run.toByteArray();
        run.reset();
        if (JIS_X0208.equals(cs) || JIS_X0212.equals(cs)) {
            ByteArrayOutputStream euc = new ByteArrayOutputStream();
            for (int k = 0; k + 1 < bytes.length; k += 2) {
                if (JIS_X0212.equals(cs)) {
                    euc.write(0x8F);
                }
                euc.write(bytes[k] | 0x80);
                euc.write(bytes[k + 1] | 0x80);
            }
            out.append(new String(euc.toByteArray(), Charset.forName("EUC-JP")));
        } else if (ASCII.equals(cs)) {
            out.append(new String(bytes, StandardCharsets.ISO_8859_1));
        } else {
            out.append(new String(bytes, Charset.forName(cs)));
        }
    }

    /** Drops trailing spaces and NULs (padding) and leading spaces (insignificant in the VRs read here). */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start, end);
    }
}
