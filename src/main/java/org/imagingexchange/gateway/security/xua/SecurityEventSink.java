// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

/**
 * Receives every XUA decision on a protected endpoint, for the ATNA audit (ITI-20): a rejection
 * carries the exact reason ({@link XuaRejection#failure()}, {@link XuaRejection#detail()}) and
 * what the assertion claimed; an acceptance carries the verified user. The audit work implements
 * this; {@link LoggingSecurityEventSink} is the default. Called on the request thread: an
 * implementation must not block for long and must not throw.
 */
public interface SecurityEventSink {

    void accepted(InboundRequest request, XuaPrincipal principal);

    void rejected(InboundRequest request, XuaRejection rejection);
}
