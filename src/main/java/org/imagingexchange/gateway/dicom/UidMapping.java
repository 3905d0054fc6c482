// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.util.Map;

/**
 * The old-to-new UID map of a coercion, applied to UI values as they stream by. The same instance
 * decides in the scan and in the write pass, so both agree on what changes.
 */
final class UidMapping {

    /** UI values longer than this (over 16 UIDs) are left alone rather than read into memory. */
    static final int MAX_VALUE = 1024;

    private final Map<String, String> map;

    UidMapping(Map<String, String> map) {
        this.map = map;
    }

    /** True if a UI value of this length may be remapped, so it is worth reading. */
    boolean applies(String vr, long length) {
        return !map.isEmpty() && "UI".equals(vr) && length > 0 && length <= MAX_VALUE;
    }

    String map(String uid) {
        return uid == null ? null : map.getOrDefault(uid, uid);
    }

    /** The value with each mapped UID replaced, NUL-padded; null if no UID in it is mapped. */
    byte[] remap(byte[] value) {
        String[] uids = DicomText.ascii(value).split("\\\\", -1);
        boolean changed = false;
        for (int i = 0; i < uids.length; i++) {
            String trimmed = DicomText.trim(uids[i]);
            String mapped = map.get(trimmed);
            if (mapped != null) {
                uids[i] = mapped;
                changed = true;
            }
        }
        return changed ? MetaHeaderWriter.uid(String.join("\\", uids)) : null;
    }
}
