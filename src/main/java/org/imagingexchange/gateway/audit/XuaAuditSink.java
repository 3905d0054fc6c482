// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.util.List;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.security.xua.InboundRequest;
import org.imagingexchange.gateway.security.xua.SecurityEventSink;
import org.imagingexchange.gateway.security.xua.XuaFailure;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.imagingexchange.gateway.security.xua.XuaRejection;

/**
 * The XUA validation's decisions into the audit: an accepted assertion's user and partner are
 * attached to the CXF exchange, so the transaction's own record names them (ITI TF-2 3.40.4.2);
 * a rejection becomes a Security Alert with its exact reason ("explainable rejection"). Every
 * decision is also passed to {@code next} (the log).
 *
 * <pre>{@code
 * XuaSecurity.start(config, hcid, dataSource, policy, new XuaAuditSink(audit, new LoggingSecurityEventSink()));
 * }</pre>
 */
public final class XuaAuditSink implements SecurityEventSink {
    private final Auditor auditor;
    private final SecurityEventSink next;

    public XuaAuditSink(Auditor auditor, SecurityEventSink next) {
        this.auditor = auditor;
        this.next = next;
    }

    @Override
    public void accepted(InboundRequest request, XuaPrincipal principal) {
        if (next != null) {
            next.accepted(request, principal);
        }
        Message m = PhaseInterceptorChain.getCurrentMessage();
        if (m != null && m.getExchange() != null && principal != null) {
            SoapCall.attach(m.getExchange(), user(principal),
                    principal.partner() == null ? null : principal.partner().homeCommunityId());
        }
    }

    @Override
    public void rejected(InboundRequest request, XuaRejection rejection) {
        if (next != null) {
            next.rejected(request, rejection);
        }
        XuaRejection.Claimed claimed = rejection.claimed();
        StringBuilder reason = new StringBuilder(rejection.failure().code()).append(' ')
                .append(rejection.failure()).append(": ").append(rejection.detail());
        if (claimed.issuer() != null || claimed.assertionId() != null) {
            reason.append(" (claimed issuer=").append(claimed.issuer())
                    .append(" assertion=").append(claimed.assertionId()).append(')');
        }
        auditor.securityAlert(new SecurityAlert(type(rejection.failure()), reason.toString(),
                request.remoteAddress(), claimed.partner(),
                request.endpointUrl() != null ? request.endpointUrl() : request.endpoint(), null, request.time()));
    }

    static SecurityAlert.Type type(XuaFailure failure) {
        return switch (failure) {
            case TLS_IDENTITY -> SecurityAlert.Type.NODE_AUTHENTICATION;
            case ACCESS_DENIED -> SecurityAlert.Type.AUTHORIZATION_DECISION;
            default -> SecurityAlert.Type.AUTHENTICATION_DECISION;
        };
    }

    /** The audit view of a verified XUA principal. */
    public static AuditUser user(XuaPrincipal p) {
        return new AuditUser(p.nameId(), p.spProvidedId(), p.issuer(), p.subjectId(),
                p.organizations().isEmpty() ? null : String.join(", ", p.organizations()),
                p.organizationIds().isEmpty() ? null : String.join(", ", p.organizationIds()),
                p.homeCommunityId(), codes(p.roles()), codes(p.purposesOfUse()), p.assertionId());
    }

    private static List<Code> codes(List<CodedValue> values) {
        return values.stream()
                .map(v -> new Code(v.code(), v.codeSystemName() != null ? v.codeSystemName() : v.codeSystem(),
                        v.displayName()))
                .toList();
    }
}
