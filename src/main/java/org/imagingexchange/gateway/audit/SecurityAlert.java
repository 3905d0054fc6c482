// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Instant;
import java.util.Objects;
import org.openehealth.ipf.commons.audit.codes.EventTypeCode;

/**
 * A rejected request, recorded as a DICOM "Security Alert" (110113, PS3.15 A.5.3.11). The
 * reason is the exact, "explainable" one (the caller only ever sees a generic fault).
 *
 * @param type          what kind of check failed (the EventTypeCode)
 * @param reason        the exact reason, e.g. "TLS: no client certificate"; never an assertion or a key
 * @param remoteAddress the address the request came from, or null
 * @param partner       the partner community it was attributed to, or null when unknown
 * @param endpoint      the URL or port that was called, or null
 * @param user          the XUA user when the assertion was readable but refused, or null
 * @param time          when it was rejected
 */
public record SecurityAlert(Type type, String reason, String remoteAddress, String partner, String endpoint,
                            AuditUser user, Instant time) {
    public SecurityAlert {
        Objects.requireNonNull(type, "type");
        reason = reason == null || reason.isBlank() ? "rejected" : reason;
        time = time == null ? Instant.now() : time;
    }

    /** The EventTypeCode of the alert (DCM codes). */
    public enum Type {
        /** TLS node authentication failed (CATALOGUE TLS-14): 110126. */
        NODE_AUTHENTICATION(EventTypeCode.NodeAuthentication),
        /** The XUA assertion (user authentication) was refused: 110143 Authentication Decision. */
        AUTHENTICATION_DECISION(EventTypeCode.AuthenticationDecision),
        /** The access policy denied the request: 110144 Authorization Decision. */
        AUTHORIZATION_DECISION(EventTypeCode.AuthorizationDecision),
        /** A hostile or malformed message was refused (XML limits, WS-Addressing): 110132 Use of Restricted Function. */
        RESTRICTED_FUNCTION(EventTypeCode.UseOfRestrictedFunction);

        private final EventTypeCode code;

        Type(EventTypeCode code) {
            this.code = code;
        }

        EventTypeCode code() {
            return code;
        }
    }
}
