// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.KosReader;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;

/**
 * What every community has for one local patient, for the transfer-center console: a
 * FindDocuments for the KOS manifests (XDS-I.b format code) fanned out like any ITI-18, one row
 * per manifest with the study's UID, date, modalities, description and community, and the
 * number of instances, read from the manifests themselves (one routed ITI-43, so ITI-39 to each
 * community in parallel) since the DocumentEntry does not carry it; at most
 * {@value #MAX_MANIFEST_FETCHES} manifests are read per request, the others have no count.
 */
public final class OutsideStudies {
    private static final Logger LOG = Logger.getLogger(OutsideStudies.class.getName());
    static final int MAX_MANIFEST_FETCHES = 50;
    private static final String KOS_FORMAT = "1.2.840.10008.5.1.4.1.1.88.59";
    private static final String DICOM_UID_SCHEME = "1.2.840.10008.2.6.1";
    private static final String STUDY_UID_TYPE = "urn:ihe:iti:xds:2016:studyInstanceUID";

    private final CrossCommunityQuery query;
    private final CrossCommunityRetrieve retrieve;
    private final String patientIdIssuer;

    public OutsideStudies(CrossCommunityQuery query, CrossCommunityRetrieve retrieve, String patientIdIssuer) {
        this.query = query;
        this.retrieve = retrieve;
        this.patientIdIssuer = patientIdIssuer;
    }

    /**
     * One manifest's study.
     *
     * @param numberOfInstances null when the manifest could not be read
     */
    public record Study(String studyInstanceUid, String studyDate, List<String> modalities, String description,
                        Integer numberOfInstances, String homeCommunityId, String manifestUniqueId,
                        String repositoryUniqueId) {}

    /** The studies and what each community did. */
    public record Result(String status, List<Study> studies, List<CommunityOutcome> communities) {}

    public Result forLocalPatient(String localPatientId) {
        FindDocumentsQuery find = new FindDocumentsQuery();
        find.setPatientId(new Identifiable(localPatientId, new AssigningAuthority(patientIdIssuer)));
        find.setStatus(List.of(AvailabilityStatus.APPROVED));
        find.setFormatCodes(List.of(new Code(KOS_FORMAT, null, DICOM_UID_SCHEME)));
        CrossCommunityQuery.Result r = query.query(new QueryRegistry(find, QueryReturnType.LEAF_CLASS),
                Requester.SYSTEM);
        List<DocumentEntry> entries = r.response().getDocumentEntries();
        Map<String, Integer> counts = instanceCounts(entries.subList(0, Math.min(entries.size(), MAX_MANIFEST_FETCHES)));
        List<Study> studies = new ArrayList<>();
        for (DocumentEntry e : entries) {
            studies.add(new Study(studyUid(e), e.getServiceStartTime() == null ? null : e.getServiceStartTime().toHL7(),
                    e.getEventCodeList().stream().map(Code::getCode).distinct().toList(),
                    e.getTitle() == null ? null : e.getTitle().getValue(), counts.get(e.getUniqueId()),
                    e.getHomeCommunityId(), e.getUniqueId(), e.getRepositoryUniqueId()));
        }
        return new Result(r.response().getStatus().name(), studies, r.outcomes());
    }

    private static String studyUid(DocumentEntry e) {
        for (ReferenceId id : e.getReferenceIdList()) {
            if (STUDY_UID_TYPE.equals(id.getIdTypeCode())) {
                return id.getId();
            }
        }
        return null;
    }

    /** Reads the manifests, all in one routed retrieve (one ITI-39 per community, in parallel). */
    private Map<String, Integer> instanceCounts(List<DocumentEntry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        if (entries.isEmpty()) {
            return counts;
        }
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        for (DocumentEntry e : entries) {
            request.getDocuments().add(new DocumentReference(e.getRepositoryUniqueId(), e.getUniqueId(),
                    e.getHomeCommunityId()));
        }
        RetrievedDocumentSet answer = retrieve.retrieve(request, Requester.SYSTEM);
        for (RetrievedDocument d : answer.getDocuments()) {
            String uid = d.getRequestData().getDocumentUniqueId();
            try (InputStream in = d.getDataHandler().getInputStream()) {
                counts.put(uid, KosReader.read(in).instances().size());
            } catch (Exception ex) {
                LOG.info(() -> "XCA-IG-040 a manifest of community " + d.getRequestData().getHomeCommunityId()
                        + " is not readable: " + ex.getClass().getSimpleName());
            }
        }
        return counts;
    }
}
