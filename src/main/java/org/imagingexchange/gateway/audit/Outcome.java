// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;

/**
 * The outcome of an audited transaction, as its response status says. A partial success is
 * recorded twice: once as a success with what was obtained, once as a failure with what was
 * not (ITI TF-2 3.18.5.1, 3.43.6.1).
 */
public enum Outcome {
    SUCCESS(EventOutcomeIndicator.Success),
    PARTIAL_SUCCESS(null),
    /** The request was refused or failed: EventOutcomeIndicator 8, "serious failure" (action terminated). */
    FAILURE(EventOutcomeIndicator.SeriousFailure);

    private final EventOutcomeIndicator indicator;

    Outcome(EventOutcomeIndicator indicator) {
        this.indicator = indicator;
    }

    EventOutcomeIndicator indicator() {
        return indicator;
    }

    /** The outcome of an ebRS status URI ({@code urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success} ...). */
    public static Outcome ofEbrsStatus(String status) {
        if (status == null) {
            return FAILURE;
        }
        if (status.endsWith(":Success")) {
            return SUCCESS;
        }
        return status.endsWith(":PartialSuccess") ? PARTIAL_SUCCESS : FAILURE;
    }
}
