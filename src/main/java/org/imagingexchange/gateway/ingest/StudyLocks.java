// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

/** A fixed set of lock objects striped by study UID: bounded memory, little contention. */
final class StudyLocks {
    private final Object[] stripes = new Object[64];

    StudyLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    Object of(String studyUid) {
        return stripes[Math.floorMod(studyUid.hashCode(), stripes.length)];
    }
}
