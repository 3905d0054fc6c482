// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.time.Instant;

/**
 * What the audit record of a security decision needs about the request, besides the user:
 * endpoint, WS-Addressing action and MessageID, the client's network address, the subject of
 * its TLS client certificate (null without mutual TLS) and the patient id of the request (null
 * when unknown or not yet read).
 */
public record InboundRequest(String endpoint, String endpointUrl, String action, String messageId,
                             String remoteAddress, String tlsClientSubject, String patientId, Instant time) {

    InboundRequest withPatientId(String value) {
        return new InboundRequest(endpoint, endpointUrl, action, messageId, remoteAddress, tlsClientSubject, value, time);
    }
}
