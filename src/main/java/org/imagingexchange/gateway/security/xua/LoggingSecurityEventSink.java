// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.logging.Logger;

/**
 * Default {@link SecurityEventSink}: a rejection is logged at WARNING with its stable code and
 * exact reason, an acceptance at FINE. The assertion itself is never logged, at any level;
 * claimed values in the reason are stripped of control characters.
 */
public final class LoggingSecurityEventSink implements SecurityEventSink {
    private static final Logger LOG = Logger.getLogger(LoggingSecurityEventSink.class.getName());

    private static final int MAX_LINE = 2000;

    @Override
    public void accepted(InboundRequest request, XuaPrincipal principal) {
        LOG.fine(() -> clean("XUA-000 accepted endpoint=" + request.endpoint() + " messageId=" + request.messageId()
                + " user=" + principal.auditUserName() + " partner=" + principal.partner().name()));
    }

    @Override
    public void rejected(InboundRequest request, XuaRejection rejection) {
        XuaRejection.Claimed c = rejection.claimed();
        LOG.warning(() -> clean(rejection.failure().code() + " rejected " + rejection.failure()
                + " endpoint=" + request.endpoint() + " remote=" + request.remoteAddress()
                + " tls=" + request.tlsClientSubject() + " messageId=" + request.messageId()
                + " issuer=" + c.issuer() + " partner=" + c.partner() + " assertion=" + c.assertionId()
                + ": " + loggable(rejection)));
    }

    /**
     * The exact reason, except a patient mismatch: its detail names patient ids, which stay in
     * the audit record (XuaAuditSink) and out of the operators' log.
     */
    static String loggable(XuaRejection rejection) {
        String detail = String.valueOf(rejection.detail());
        return rejection.failure() == XuaFailure.ACCESS_DENIED && detail.contains("resource-id")
                ? "the request's patient does not match the assertion's resource-id (ids in the audit record)"
                : detail;
    }

    /** Values in the line come from the request: no control characters (forged log lines), bounded length. */
    static String clean(String line) {
        StringBuilder sb = new StringBuilder(Math.min(line.length(), MAX_LINE));
        for (int i = 0; i < line.length() && sb.length() < MAX_LINE; i++) {
            char ch = line.charAt(i);
            sb.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        }
        return line.length() > MAX_LINE ? sb + "..." : sb.toString();
    }
}
