// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

/**
 * What the rest of the gateway calls to audit (ITI-20): one call at the end of each transaction
 * it serves or calls, and one per rejected request. Implementations never throw and never block
 * on the Audit Record Repository: a record is committed to the local audit table and sent later.
 *
 * <pre>{@code
 * Auditor audit = runtime.audit();
 * audit.record(AuditEvent.served(Transaction.ITI_38).outcome(Outcome.SUCCESS) ... .build());
 * audit.securityAlert(SecurityAlert.Type.AUTHENTICATION_DECISION, "XUA-07 signature invalid", remoteIp, partnerHcid);
 * }</pre>
 */
public interface Auditor {
    /** Does nothing: for code run without a gateway (unit tests, tools). */
    Auditor NONE = new Auditor() {
        @Override
        public void record(AuditEvent event) {
        }

        @Override
        public void securityAlert(SecurityAlert alert) {
        }
    };

    /** Records a transaction (twice for a partial success). */
    void record(AuditEvent event);

    /** Records a rejected request as a Security Alert (110113). */
    void securityAlert(SecurityAlert alert);

    /** A rejected request of the given kind; reason, address and partner may be null. */
    default void securityAlert(SecurityAlert.Type type, String reason, String remoteAddress, String partner) {
        securityAlert(new SecurityAlert(type, reason, remoteAddress, partner, null, null, null));
    }

    /** A TLS node-authentication failure (Security Alert 110113 / Node Authentication 110126). */
    default void securityAlert(String reason, String remoteAddress, String partner) {
        securityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, reason, remoteAddress, partner);
    }
}
