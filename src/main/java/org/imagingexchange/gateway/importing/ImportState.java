// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.util.Locale;

/**
 * Where an import job is. The active states are worked on by a node holding the job's lease;
 * {@code NEEDS_REVIEW} waits for an operator; the last four are final.
 */
public enum ImportState {
    QUEUED, RETRIEVING, RECONCILING, NEEDS_REVIEW, STORING, VERIFYING,
    DONE, DONE_WITH_ERRORS, FAILED, CANCELLED;

    /** The name used in the REST API and the database: lower case with dashes ("needs-review"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ImportState ofLabel(String label) {
        for (ImportState s : values()) {
            if (s.label().equalsIgnoreCase(label.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown import state: " + label);
    }

    /** A node works on jobs in these states. */
    public boolean isActive() {
        return this == QUEUED || this == RETRIEVING || this == RECONCILING || this == STORING || this == VERIFYING;
    }

    public boolean isFinal() {
        return this == DONE || this == DONE_WITH_ERRORS || this == FAILED || this == CANCELLED;
    }
}
