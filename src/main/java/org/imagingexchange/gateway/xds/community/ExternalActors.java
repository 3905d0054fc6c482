// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.community;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.imagingexchange.gateway.audit.AuditEvent;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.EbXmlFacts;
import org.imagingexchange.gateway.audit.Outcome;
import org.imagingexchange.gateway.audit.Transaction;
import org.imagingexchange.gateway.security.tls.NodeTlsClient;
import org.imagingexchange.gateway.soap.SoapClients;
import org.imagingexchange.gateway.soap.StreamedRetrieveCall;
import org.imagingexchange.gateway.soap.XdsNamespaces;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;

/**
 * This community's existing registry, repository and Imaging Document Source, called as an XDS
 * Document Consumer / Imaging Document Consumer: ITI-18 through CXF, ITI-43 and RAD-69 over
 * {@link StreamedRetrieveCall}, so that their documents stream on to whoever asked us (a
 * partner's RAD-75, our user's RAD-69) without being held here. Each actor not configured as
 * external is the embedded one. Over https the node's own TLS identity is presented; no XUA
 * assertion is sent: inside its community the gateway is a trusted node (README "Join a
 * federation").
 *
 * <p>A call that fails (unreachable, timed out, a SOAP fault, a malformed answer) is an answer
 * with one RegistryError: XDSRegistryNotAvailable for a query, XDSRepositoryError for a retrieve
 * (one per requested document, so the caller can tell which failed). The error text names the
 * actor, never the peer's own message. Every call, answered or not, is audited as the
 * consumer's side of its transaction.
 */
public final class ExternalActors implements LocalCommunity {
    private static final Logger LOG = Logger.getLogger(ExternalActors.class.getName());
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    private static final String XDS_B = XdsNamespaces.XDS_B;

    private final LocalCommunity embedded;
    private final Auditor auditor;
    private final CommunityActorsSettings settings;
    private final Iti18PortType registry;
    private final StreamedRetrieveCall repository;
    private final StreamedRetrieveCall imagingSource;

    private ExternalActors(LocalCommunity embedded, CommunityActorsSettings s, Auditor auditor, Bus bus,
                           SSLSocketFactory tls) {
        this.embedded = embedded;
        this.auditor = auditor == null ? Auditor.NONE : auditor;
        this.settings = s;
        this.registry = s.registry() == null ? null : SoapClients.port(bus, Iti18PortType.class, s.registry(),
                "wsdl/iti18.wsdl", new QName(XDS_B, "DocumentRegistry_Service"),
                new QName(XDS_B, "DocumentRegistry_Port_Soap12"), tls, s.connectTimeout(), s.readTimeout());
        this.repository = s.repository() == null ? null
                : new StreamedRetrieveCall(s.repository(), tls, s.connectTimeout(), s.readTimeout());
        this.imagingSource = s.imagingSource() == null ? null
                : new StreamedRetrieveCall(s.imagingSource(), tls, s.connectTimeout(), s.readTimeout());
    }

    /**
     * The community's actors: {@code embedded} unless at least one is configured as external.
     * {@code auditor} records each call to an external actor (ATNA, as a Document Consumer /
     * Imaging Document Consumer).
     */
    public static LocalCommunity of(CommunityActorsSettings s, LocalCommunity embedded, Auditor auditor) {
        if (!s.anyExternal()) {
            return embedded;
        }
        NodeTlsClient node = new NodeTlsClient(s.tlsKeyStore(), s.tlsKeyStorePassword(), s.tlsTrustStore(),
                s.tlsTrustStorePassword());
        LOG.info(() -> String.format("XDS-COMMUNITY registry=%s repository=%s imagingSource=%s",
                or(s.registry()), or(s.repository()), or(s.imagingSource())));
        return new ExternalActors(embedded, s, auditor, SoapClients.clientBus(), node.socketFactory());
    }

    @Override
    public String homeCommunityId() {
        return embedded.homeCommunityId();
    }

    /** ITI-18 Registry Stored Query to the community's registry. */
    @Override
    public QueryResponse query(QueryRegistry request) {
        if (registry == null) {
            return embedded.query(request);
        }
        long start = System.nanoTime();
        var body = new QueryRegistryTransformer(FACTORY).toEbXML(request).getInternal();
        try {
            var raw = registry.documentRegistryRegistryStoredQuery(body);
            QueryResponse r = new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(raw));
            logged("ITI-18", r.getStatus().toString(), start, null);
            auditQuery(body, Outcome.ofEbrsStatus(raw.getStatus()), errorCodes(r.getErrors()));
            return r;
        } catch (RuntimeException e) {
            logged("ITI-18", "UNAVAILABLE", start, e);
            auditQuery(body, Outcome.FAILURE, ErrorCode.REGISTRY_NOT_AVAILABLE.getOpcode());
            QueryResponse r = new QueryResponse(Status.FAILURE);
            r.getErrors().add(new ErrorInfo(ErrorCode.REGISTRY_NOT_AVAILABLE,
                    "the community's registry is not available", Severity.ERROR, null, null));
            return r;
        }
    }

    /** ITI-43 Retrieve Document Set from the community's repository; documents stream when read. */
    @Override
    public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
        if (repository == null) {
            return embedded.retrieve(request);
        }
        return retrieve(Transaction.ITI_43, request.getDocuments(), () -> repository.send(StreamedRetrieveCall.ITI43_ACTION,
                new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal(), null));
    }

    /** RAD-69 Retrieve Imaging Document Set from the community's Imaging Document Source; instances stream when read. */
    @Override
    public RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request) {
        if (imagingSource == null) {
            return embedded.retrieveImages(request);
        }
        List<DocumentReference> asked = request.getRetrieveStudies().stream()
                .map(RetrieveStudy::getRetrieveSerieses).flatMap(List::stream)
                .flatMap(s -> s.getDocuments().stream()).toList();
        return retrieve(Transaction.RAD_69, asked, () -> imagingSource.send(StreamedRetrieveCall.RAD69_ACTION,
                new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(request).getInternal(), null));
    }

    private RetrievedDocumentSet retrieve(Transaction transaction, List<DocumentReference> asked,
                                          Supplier<org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30
                                                  .RetrieveDocumentSetResponseType> call) {
        long start = System.nanoTime();
        try {
            RetrievedDocumentSet r = new RetrieveDocumentSetResponseTransformer(FACTORY)
                    .fromEbXML(new EbXMLRetrieveDocumentSetResponse30(call.get()));
            logged(transaction.code(), r.getStatus() + " documents=" + r.getDocuments().size(), start, null);
            auditRetrieve(transaction, asked, r);
            return r;
        } catch (RuntimeException e) {
            logged(transaction.code(), "UNAVAILABLE", start, e);
            RetrievedDocumentSet r = new RetrievedDocumentSet(Status.FAILURE, List.of());
            String actor = transaction == Transaction.ITI_43 ? "repository" : "Imaging Document Source";
            for (DocumentReference d : asked) {
                r.getErrors().add(new ErrorInfo(ErrorCode.REPOSITORY_ERROR, "the community's " + actor
                        + " is not available", Severity.ERROR, d.getDocumentUniqueId(), null));
            }
            auditRetrieve(transaction, asked, r);
            return r;
        }
    }

    /** The ITI-18 sent, one record per patient of the query (Query 110112, as the Document Consumer). */
    private void auditQuery(AdhocQueryRequest body, Outcome outcome, String errors) {
        try {
            String xml = EbXmlFacts.xml(body);
            String queryId = body.getAdhocQuery() == null ? null : body.getAdhocQuery().getId();
            List<String> patients = EbXmlFacts.queryPatients(body);
            for (String patient : patients.isEmpty() ? java.util.Collections.<String>singletonList(null) : patients) {
                var b = AuditEvent.called(Transaction.ITI_18).outcome(outcome, errors).destination(to(settings.registry()))
                        .query(queryId, xml, null);
                if (patient != null) {
                    b.patient(patient);
                }
                auditor.record(b.build());
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "XDS-COMMUNITY audit of ITI-18 failed: " + e);
        }
    }

    /** The ITI-43 (Import 110107) or RAD-69 (DICOM Instances Accessed 110103) sent; documents not returned are marked so. */
    private void auditRetrieve(Transaction transaction, List<DocumentReference> asked, RetrievedDocumentSet answer) {
        try {
            java.util.Set<String> returned = new java.util.HashSet<>();
            answer.getDocuments().forEach(d -> returned.add(d.getRequestData().getDocumentUniqueId()));
            Outcome outcome = Outcome.ofEbrsStatus(answer.getStatus().getOpcode30());
            var b = AuditEvent.called(transaction).outcome(outcome, errorCodes(answer.getErrors()))
                    .destination(to(transaction == Transaction.ITI_43 ? settings.repository() : settings.imagingSource()));
            asked.forEach(d -> b.document(d.getDocumentUniqueId(), d.getRepositoryUniqueId(), d.getHomeCommunityId(),
                    returned.contains(d.getDocumentUniqueId())));
            auditor.record(b.build());
        } catch (RuntimeException e) {
            LOG.warning(() -> "XDS-COMMUNITY audit of " + transaction.code() + " failed: " + e);
        }
    }

    private static AuditEvent.Participant to(URI actor) {
        return AuditEvent.Participant.of(actor.toString(), actor.getHost());
    }

    private static String errorCodes(List<ErrorInfo> errors) {
        String codes = String.join(" ", errors.stream().map(e -> e.getErrorCode() == null
                ? String.valueOf(e.getCustomErrorCode()) : e.getErrorCode().getOpcode()).distinct().toList());
        return codes.isEmpty() ? null : codes;
    }

    /** One line per call, with its outcome and duration; a failure's reason is its class, plus the message of our own or transport errors. */
    private void logged(String transaction, String outcome, long start, RuntimeException failure) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (failure == null) {
            LOG.info(() -> String.format("XDS-COMMUNITY %s status=%s %d ms", transaction, outcome, ms));
        } else {
            LOG.warning(() -> String.format("XDS-COMMUNITY %s status=%s %d ms reason=%s", transaction, outcome, ms,
                    reason(failure)));
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean ours = root instanceof java.io.IOException && root.getClass().getName().startsWith("java")
                || root instanceof org.imagingexchange.gateway.soap.SoapCallException;
        return root.getClass().getSimpleName() + (ours && root.getMessage() != null ? ": " + root.getMessage() : "");
    }

    private static String or(URI u) {
        return u == null ? CommunityActorsSettings.EMBEDDED : u.toString();
    }
}
