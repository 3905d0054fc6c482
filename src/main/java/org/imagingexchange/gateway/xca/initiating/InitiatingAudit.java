// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.AuditEvent;
import org.imagingexchange.gateway.audit.AuditUser;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.Outcome;
import org.imagingexchange.gateway.audit.Transaction;
import org.imagingexchange.gateway.audit.XuaAuditSink;
import org.imagingexchange.gateway.community.Partner;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;

/**
 * The audit records of the initiating side toward partners (ITI TF-2 3.38.4.1.4, 3.39.6): one
 * per partner call, as the client (ITI-38 query, ITI-39 import, RAD-75 instances), with the
 * local user (including the inbound assertion's ID) and the partner's homeCommunityId. The
 * records toward the local consumer are written by the endpoints' existing hooks. Never throws.
 */
final class InitiatingAudit {
    private static final Logger LOG = Logger.getLogger(InitiatingAudit.class.getName());
    private static volatile JAXBContext queryContext;

    private final Auditor auditor;

    InitiatingAudit(Auditor auditor) {
        this.auditor = auditor == null ? Auditor.NONE : auditor;
    }

    void query(Partner p, Requester requester, QueryRegistry request, List<String> patientCx, Response answer,
               String failure) {
        if (auditor == Auditor.NONE) {
            return;
        }
        try {
            var b = called(Transaction.ITI_38, p, requester, answer, failure);
            patientCx.forEach(b::patient);
            String xml = xml(new QueryRegistryTransformer(new EbXMLFactory30()).toEbXML(request).getInternal());
            b.query(request.getQuery().getType().getId(), xml, p.homeCommunityId());
            auditor.record(b.build());
        } catch (RuntimeException e) {
            LOG.warning(() -> "XCA-IG-020 audit of ITI-38 to " + p.name() + " failed: " + e);
        }
    }

    void retrieve(Transaction t, Partner p, Requester requester, List<DocumentReference> documents, Response answer,
                  String failure) {
        if (auditor == Auditor.NONE) {
            return;
        }
        try {
            var b = called(t, p, requester, answer, failure);
            documents.forEach(d -> b.document(d.getDocumentUniqueId(), d.getRepositoryUniqueId(),
                    d.getHomeCommunityId(), failure == null));
            auditor.record(b.build());
        } catch (RuntimeException e) {
            LOG.warning(() -> "XCA-IG-021 audit of " + t.code() + " to " + p.name() + " failed: " + e);
        }
    }

    private static AuditEvent.Builder called(Transaction t, Partner p, Requester requester, Response answer,
                                             String failure) {
        URI endpoint = switch (t) {
            case ITI_38 -> p.endpoints().iti38();
            case ITI_39 -> p.endpoints().iti39();
            default -> p.endpoints().rad75();
        };
        Outcome outcome = failure != null ? Outcome.FAILURE : answer.getStatus() == Status.SUCCESS ? Outcome.SUCCESS
                : answer.getStatus() == Status.PARTIAL_SUCCESS ? Outcome.PARTIAL_SUCCESS : Outcome.FAILURE;
        String description = failure != null ? "XDSUnavailableCommunity"
                : String.join(" ", answer.getErrors().stream().map(InitiatingAudit::code).distinct().toList());
        AuditUser user = requester.principal() == null ? null : XuaAuditSink.user(requester.principal());
        return AuditEvent.called(t).outcome(outcome, description.isEmpty() ? null : description)
                .destination(AuditEvent.Participant.of(endpoint == null ? null : endpoint.toString(),
                        endpoint == null ? null : endpoint.getHost()))
                .user(user).partner(p.homeCommunityId());
    }

    private static String code(ErrorInfo e) {
        return e.getErrorCode() == null ? String.valueOf(e.getCustomErrorCode()) : e.getErrorCode().getOpcode();
    }

    private static String xml(AdhocQueryRequest request) {
        try {
            if (queryContext == null) {
                queryContext = JAXBContext.newInstance(AdhocQueryRequest.class);
            }
            Marshaller m = queryContext.createMarshaller();
            StringWriter out = new StringWriter();
            m.marshal(request, out);
            return out.toString();
        } catch (JAXBException e) {
            return null;
        }
    }
}
