// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

/**
 * Limits applied to every DICOM file or stream the gateway parses, checked against the declared
 * lengths before anything is read or allocated (DESIGN section 4: every untrusted input has a limit).
 *
 * <p>The parser never allocates a buffer from a declared length: values are skipped or streamed,
 * and the few values it keeps (header strings, KOS references) have small fixed caps. So these
 * limits bound work and disk use, not heap; memory stays flat whatever a file declares.
 *
 * @param maxFileBytes largest Part 10 file (or inflated data set) accepted
 * @param maxElementBytes largest declared value length of one element or pixel data fragment
 * @param maxSequenceDepth deepest nesting of sequences (a top-level sequence is depth 1)
 */
public record DicomLimits(long maxFileBytes, long maxElementBytes, int maxSequenceDepth) {

    private static final long GIB = 1L << 30;

    public DicomLimits {
        if (maxFileBytes <= 0 || maxElementBytes <= 0 || maxSequenceDepth <= 0) {
            throw new IllegalArgumentException("DICOM limits must be positive");
        }
    }

    /**
     * 4 GiB per file, 1 GiB per element, 32 nested sequences.
     *
     * <p>4 GiB holds the largest single instances we expect (long multi-frame CT/XA, tomosynthesis);
     * 1 GiB covers native pixel data up to about 500 frames of 1024x1024x16 bit (encapsulated
     * frames are separate fragments, each far smaller); depth 32 is well beyond the deepest SR
     * content trees (about 8 levels in TID 1500) while keeping recursion shallow. Raise the first two
     * for whole-slide or very long uncompressed multi-frame objects; memory use does not change.
     */
    public static DicomLimits defaults() {
        return new DicomLimits(4 * GIB, GIB, 32);
    }
}
