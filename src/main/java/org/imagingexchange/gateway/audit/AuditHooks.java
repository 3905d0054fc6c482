// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.apache.cxf.message.Message;
import org.imagingexchange.gateway.audit.AuditEvent.DocumentRef;
import org.imagingexchange.gateway.audit.AuditEvent.StudyRef;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType.DocumentRequest;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectListType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;

/**
 * The one-line audit calls of the existing endpoints and of ingest, made at the end of each
 * transaction with the request and the response as they are on the wire. They reach the audit
 * service of the running gateway, {@link #install installed} by GatewayRuntime (the endpoints
 * are built where no service can be handed to them); with none installed they do nothing. They
 * never throw: an audit problem is logged (without PHI) and the transaction goes on.
 */
public final class AuditHooks {
    private static final Logger LOG = Logger.getLogger(AuditHooks.class.getName());
    private static final int MAX_REASON = 1000;
    private static volatile AuditService installed;

    private AuditHooks() {}

    /** Makes {@code service} the target of the hooks (GatewayRuntime, at start). */
    public static void install(AuditService service) {
        installed = service;
    }

    /** Removes {@code service} if it is the installed one (GatewayRuntime, at stop). */
    public static void uninstall(AuditService service) {
        if (installed == service) {
            installed = null;
        }
    }

    /**
     * A SOAP request refused before any service ran, by the parser, an XML limit, the SOAP
     * envelope rules or WS-Addressing (CATALOGUE section 2): a Security Alert "Use of Restricted
     * Function" (110132) with the exact reason, which the caller never sees. XUA refusals are
     * audited by XuaAuditSink instead. {@code request} is the inbound CXF message.
     */
    public static void refusedMessage(Message request, String reason) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        try {
            SoapCall call = SoapCall.of(request);
            String r = reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
            audit.securityAlert(new SecurityAlert(SecurityAlert.Type.RESTRICTED_FUNCTION, r, call.remoteAddress(),
                    call.partner(), call.endpointUrl(), null, null));
        } catch (RuntimeException e) {
            LOG.warning(() -> "AUDIT-002 security alert of a refused SOAP request not recorded: " + e);
        }
    }

    /** ITI-18 served by the Document Registry: Query 110112, one record per patient. */
    public static void iti18(AdhocQueryRequest request, AdhocQueryResponse response) {
        query(Transaction.ITI_18, request, response);
    }

    /** ITI-38 served by the Responding Gateway: Query 110112 as ITI-18, one record per patient. */
    public static void iti38(AdhocQueryRequest request, AdhocQueryResponse response) {
        query(Transaction.ITI_38, request, response);
    }

    private static void query(Transaction transaction, AdhocQueryRequest request, AdhocQueryResponse response) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        try {
            SoapCall call = SoapCall.current();
            List<String> patients = EbXmlFacts.queryPatients(request);
            if (patients.isEmpty() && response != null) {
                patients = EbXmlFacts.objectPatients(response.getRegistryObjectList());
            }
            var query = request == null ? null : request.getAdhocQuery();
            String xml = request == null ? null : EbXmlFacts.xml(request);
            Outcome outcome = Outcome.ofEbrsStatus(response == null ? null : response.getStatus());
            for (String patient : orNone(patients)) {
                audit.record(served(transaction, call)
                        .outcome(outcome, EbXmlFacts.errorCodes(response))
                        .patient(patient)
                        .query(query == null ? null : query.getId(), xml, query == null ? null : query.getHome())
                        .build());
            }
        } catch (RuntimeException e) {
            failed(transaction, e);
        }
    }

    /** ITI-43 served by the Document Repository: Export 110106, one record per patient. */
    public static void iti43(RetrieveDocumentSetRequestType request, RetrieveDocumentSetResponseType response) {
        documents(Transaction.ITI_43, request, response);
    }

    /** ITI-39 served by the Responding Gateway: Export 110106 as ITI-43, one record per patient. */
    public static void iti39(RetrieveDocumentSetRequestType request, RetrieveDocumentSetResponseType response) {
        documents(Transaction.ITI_39, request, response);
    }

    private static void documents(Transaction transaction, RetrieveDocumentSetRequestType request,
                                  RetrieveDocumentSetResponseType response) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        try {
            SoapCall call = SoapCall.current();
            Set<String> returned = returned(response);
            Map<String, List<DocumentRef>> byPatient = new LinkedHashMap<>();
            for (DocumentRequest d : request == null ? List.<DocumentRequest>of() : request.getDocumentRequest()) {
                String patient = audit.patients().ofDocument(d.getDocumentUniqueId());
                byPatient.computeIfAbsent(patient == null ? "" : patient, k -> new ArrayList<>())
                        .add(new DocumentRef(d.getDocumentUniqueId(), d.getRepositoryUniqueId(), d.getHomeCommunityId(),
                                returned.contains(d.getDocumentUniqueId())));
            }
            String errors = EbXmlFacts.errorCodes(response == null ? null : response.getRegistryResponse());
            if (byPatient.isEmpty()) {
                audit.record(served(transaction, call).outcome(Outcome.FAILURE, errors).build());
            }
            byPatient.forEach((patient, docs) -> {
                var b = served(transaction, call).patient(patient).outcome(outcome(docs.stream()
                        .map(DocumentRef::obtained).toList()), errors);
                docs.forEach(d -> b.document(d.uniqueId(), d.repositoryUniqueId(), d.homeCommunityId(), d.obtained()));
                audit.record(b.build());
            });
        } catch (RuntimeException e) {
            failed(transaction, e);
        }
    }

    /** RAD-69 served by the Imaging Document Source: DICOM Instances Transferred 110104, one record per patient. */
    public static void rad69(RetrieveImagingDocumentSetRequestType request, RetrieveDocumentSetResponseType response) {
        instances(Transaction.RAD_69, request, response);
    }

    /** RAD-75 served by the Responding Imaging Gateway: 110104 as RAD-69, one record per patient. */
    public static void rad75(RetrieveImagingDocumentSetRequestType request, RetrieveDocumentSetResponseType response) {
        instances(Transaction.RAD_75, request, response);
    }

    private static void instances(Transaction transaction, RetrieveImagingDocumentSetRequestType request,
                                  RetrieveDocumentSetResponseType response) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        try {
            SoapCall call = SoapCall.current();
            Set<String> returned = returned(response);
            Map<String, List<StudyRef>> byPatient = new LinkedHashMap<>();
            for (var study : request == null ? List.<RetrieveImagingDocumentSetRequestType.StudyRequest>of()
                    : request.getStudyRequest()) {
                String patient = audit.patients().ofStudy(study.getStudyInstanceUID());
                byPatient.computeIfAbsent(patient == null ? "" : patient, k -> new ArrayList<>())
                        .addAll(studyRefs(study, returned));
            }
            String errors = EbXmlFacts.errorCodes(response == null ? null : response.getRegistryResponse());
            if (byPatient.isEmpty()) {
                audit.record(served(transaction, call).outcome(Outcome.FAILURE, errors).build());
            }
            byPatient.forEach((patient, studies) -> {
                var b = served(transaction, call).patient(patient)
                        .outcome(outcome(studies.stream().map(StudyRef::obtained).toList()), errors);
                studies.forEach(b::study);
                audit.record(b.build());
            });
        } catch (RuntimeException e) {
            failed(transaction, e);
        }
    }

    /**
     * ITI-41 (or RAD-68, when it carries a DICOM manifest) served by the Document Repository:
     * Import 110107 with the submission set and its documents.
     */
    public static void iti41(ProvideAndRegisterDocumentSetRequestType request, RegistryResponseType response) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        Transaction transaction = Transaction.ITI_41;
        try {
            SoapCall call = SoapCall.current();
            RegistryObjectListType objects = request == null || request.getSubmitObjectsRequest() == null
                    ? null : request.getSubmitObjectsRequest().getRegistryObjectList();
            boolean dicom = EbXmlFacts.registryObjects(objects).stream().anyMatch(o ->
                    o instanceof ExtrinsicObjectType x && "application/dicom".equalsIgnoreCase(x.getMimeType()));
            transaction = dicom ? Transaction.RAD_68 : Transaction.ITI_41;
            Outcome outcome = Outcome.ofEbrsStatus(response == null ? null : response.getStatus());
            var b = served(transaction, call).outcome(outcome, EbXmlFacts.errorCodes(response));
            EbXmlFacts.objectPatients(objects).forEach(b::patient);
            EbXmlFacts.externalIds(objects, EbXmlFacts.SUBMISSION_SET_UNIQUE_ID).stream().findFirst()
                    .ifPresent(b::submissionSet);
            EbXmlFacts.externalIds(objects, EbXmlFacts.DOCUMENT_ENTRY_UNIQUE_ID)
                    .forEach(uid -> b.document(uid, null, null, outcome == Outcome.SUCCESS));
            audit.record(b.build());
        } catch (RuntimeException e) {
            failed(transaction, e);
        }
    }

    /**
     * RAD-68 sent by this gateway as the Imaging Document Source: a KOS manifest it built and
     * provided to the repository (Export 110106), with its patient, the manifest and its submission set.
     *
     * @param error why the repository refused it, null when it was registered
     */
    public static void manifestPublished(String patientId, String issuerOid, String kosUid, String submissionSetUid,
                                         String repositoryUid, String sourceId, String error) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        try {
            boolean ok = error == null;
            audit.record(AuditEvent.called(Transaction.RAD_68)
                    .outcome(ok ? Outcome.SUCCESS : Outcome.FAILURE, error)
                    .source(AuditEvent.Participant.of(sourceId, null))
                    .destination(AuditEvent.Participant.of(repositoryUid, null))
                    .patient(PatientLookup.cx(patientId, issuerOid))
                    .submissionSet(submissionSetUid)
                    .document(kosUid, repositoryUid, null, ok)
                    .build());
        } catch (RuntimeException e) {
            failed(Transaction.RAD_68, e);
        }
    }

    /**
     * One DICOM instance stored by ingest (C-STORE or REST upload); the record (110104, one per
     * study) is written once the study has been quiet for a few seconds.
     *
     * @param defaultIssuer the assigning authority of instances without Issuer of Patient ID
     */
    public static void instanceStored(InstanceHeader h, String defaultIssuer) {
        AuditService audit = installed;
        if (audit == null) {
            return;
        }
        try {
            String issuer = h.issuerOfPatientId() == null || h.issuerOfPatientId().isBlank()
                    ? defaultIssuer : h.issuerOfPatientId().trim();
            String pid = h.patientId() == null ? "" : h.patientId().trim();
            audit.ingest().stored(PatientLookup.cx(pid, issuer), h.studyInstanceUid(), h.seriesInstanceUid());
        } catch (RuntimeException e) {
            failed(Transaction.DICOM_INGEST, e);
        }
    }

    private static AuditEvent.Builder served(Transaction t, SoapCall call) {
        return AuditEvent.served(t).source(call.requestor()).destination(call.responder()).user(call.user())
                .partner(call.partner());
    }

    private static List<String> orNone(List<String> patients) {
        return patients.isEmpty() ? List.of("") : patients;
    }

    private static Set<String> returned(RetrieveDocumentSetResponseType response) {
        Set<String> uids = new HashSet<>();
        if (response != null) {
            response.getDocumentResponse().forEach(d -> uids.add(d.getDocumentUniqueId()));
        }
        return uids;
    }

    /** Per study: the series and count of the instances delivered, and of those not delivered. */
    private static List<StudyRef> studyRefs(RetrieveImagingDocumentSetRequestType.StudyRequest study,
                                            Set<String> returned) {
        Map<Boolean, TreeMap<String, Integer>> series = Map.of(true, new TreeMap<>(), false, new TreeMap<>());
        for (var s : study.getSeriesRequest()) {
            for (DocumentRequest d : s.getDocumentRequests()) {
                series.get(returned.contains(d.getDocumentUniqueId())).merge(s.getSeriesInstanceUID(), 1, Integer::sum);
            }
        }
        List<StudyRef> refs = new ArrayList<>();
        for (boolean obtained : new boolean[] {true, false}) {
            TreeMap<String, Integer> counts = series.get(obtained);
            if (!counts.isEmpty()) {
                int n = counts.values().stream().mapToInt(Integer::intValue).sum();
                refs.add(new StudyRef(study.getStudyInstanceUID(), new ArrayList<>(new TreeSet<>(counts.keySet())), n,
                        null, null, obtained));
            }
        }
        if (refs.isEmpty()) {
            refs.add(new StudyRef(study.getStudyInstanceUID(), List.of(), 0, null, null, false));
        }
        return refs;
    }

    private static Outcome outcome(List<Boolean> obtained) {
        boolean any = obtained.contains(true);
        boolean all = !obtained.contains(false);
        return all && any ? Outcome.SUCCESS : any ? Outcome.PARTIAL_SUCCESS : Outcome.FAILURE;
    }

    private static void failed(Transaction t, RuntimeException e) {
        LOG.warning(() -> "AUDIT-004 audit of a " + t.code() + " transaction failed: " + e.getClass().getName());
    }
}
