// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.util.Set;

/**
 * Value representations (PS3.5 section 6.2): which use the 4-byte length form in explicit VR,
 * how values are byte-swapped between little and big endian, and the VR of a tag when the
 * encoding is implicit (from PixelMed's standard dictionary).
 */
final class Vrs {

    static final String SQ = "SQ";
    static final String UN = "UN";

    private static final Set<String> KNOWN = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD",
            "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV",
            "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV");
    private static final Set<String> LONG_FORM = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV",
            "UC", "UN", "UR", "UT", "UV");
    private static final Set<String> TWO_BYTE = Set.of("US", "SS", "OW", "AT", "XS");
    private static final Set<String> FOUR_BYTE = Set.of("UL", "SL", "FL", "OF", "OL");
    private static final Set<String> EIGHT_BYTE = Set.of("FD", "OD", "SV", "UV", "OV");

    private Vrs() {
    }

    static boolean isKnown(String vr) {
        return KNOWN.contains(vr);
    }

    /** True if explicit VR encodes the length in 4 bytes after 2 reserved bytes. */
    static boolean isLongForm(String vr) {
        return LONG_FORM.contains(vr);
    }

    /** Size of the unit to byte-swap when the endianness changes; 1 means no swapping. */
    static int swapUnit(String vr) {
        if (TWO_BYTE.contains(vr)) {
            return 2;
        }
        if (FOUR_BYTE.contains(vr)) {
            return 4;
        }
        return EIGHT_BYTE.contains(vr) ? 8 : 1;
    }

    /**
     * The VR to use for a tag read in implicit VR: group lengths are UL, private creators LO,
     * unknown tags UN; the dictionary's ambiguous VRs resolve to OW (OB or OW: PS3.5 A.1 says
     * implicit VR pixel data is OW); US-or-SS stays "XS" for the caller to resolve from the pixel
     * representation (it swaps like US).
     */
    static String implicitVr(int tag) {
        int element = tag & 0xFFFF;
        if (element == 0) {
            return "UL";
        }
        if ((Tags.group(tag) & 1) == 1 && element >= 0x10 && element <= 0xFF) {
            return "LO";
        }
        byte[] vr = Dictionary.INSTANCE.getValueRepresentationFromTag(new AttributeTag(Tags.group(tag), element));
        if (vr == null || vr.length != 2) {
            return UN;
        }
        String s = new String(vr, java.nio.charset.StandardCharsets.US_ASCII);
        switch (s) {
            case "OX":
            case "XO":
                return "OW";
            case "XS":
                return "XS";
            default:
                return isKnown(s) ? s : UN;
        }
    }

    /** Loaded on first use: building PixelMed's dictionary takes about 0.3 s. */
    private static final class Dictionary {
        static final DicomDictionary INSTANCE = DicomDictionary.StandardDictionary;
    }
}
