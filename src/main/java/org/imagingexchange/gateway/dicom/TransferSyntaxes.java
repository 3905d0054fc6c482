// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.List;
import java.util.Set;

/**
 * Transfer syntax UIDs (PS3.5 section 10 and Annex A) and how each encodes a data set. RAD-69 and
 * RAD-75 requests name the syntaxes a consumer accepts in TransferSyntaxUIDList; the gateway
 * answers in one of them, converting between the uncompressed ones when needed.
 */
public final class TransferSyntaxes {

    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    private static final String STANDARD_PREFIX = "1.2.840.10008.1.2.";
    private static final String JPIP_REFERENCED_DEFLATE = "1.2.840.10008.1.2.4.95";
    private static final Set<String> UNCOMPRESSED = Set.of(IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN);

    /** What the C-STORE SCP accepts: the uncompressed syntaxes and the common compressed ones. */
    static final List<String> STORAGE = List.of(EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN, JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS,
            JPEG_LOSSLESS_SV1, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, JPEG_2000_LOSSLESS, JPEG_2000, RLE_LOSSLESS,
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203", // HTJ2K
            "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.102", // MPEG-2, MPEG-4
            "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105",
            "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108"); // and HEVC

    private TransferSyntaxes() {
    }

    /** The syntaxes the gateway stores as received: a retrieve that lists them all gets instances unconverted. */
    public static List<String> storage() {
        return STORAGE;
    }

    /** True for the four syntaxes with native (not encapsulated) pixel data. */
    public static boolean isUncompressed(String ts) {
        return UNCOMPRESSED.contains(ts);
    }

    /** True for standard syntaxes whose pixel data is encapsulated (compressed, or .1.2.1.98). */
    public static boolean isEncapsulated(String ts) {
        return isKnown(ts) && !isUncompressed(ts);
    }

    /** True if the gateway can parse a data set in this syntax (every standard one). */
    public static boolean isKnown(String ts) {
        return ts != null && (IMPLICIT_VR_LITTLE_ENDIAN.equals(ts) || ts.startsWith(STANDARD_PREFIX));
    }

    static boolean isExplicitVr(String ts) {
        return !IMPLICIT_VR_LITTLE_ENDIAN.equals(ts);
    }

    static boolean isBigEndian(String ts) {
        return EXPLICIT_VR_BIG_ENDIAN.equals(ts);
    }

    static boolean isDeflated(String ts) {
        return DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(ts) || JPIP_REFERENCED_DEFLATE.equals(ts);
    }
}
