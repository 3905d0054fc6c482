// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.imaging;

import jakarta.activation.DataHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.Transcoder;
import org.imagingexchange.gateway.ingest.InstanceEntity;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.soap.BlockCopyDataHandler;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The Imaging Document Source side of RAD-69 Retrieve Imaging Document Set: finds each
 * requested SOP instance in the index and returns it as a streamed DataHandler in one of the
 * requested transfer syntaxes. Nothing here holds an instance in memory: the DataHandlers open
 * the PACS stream (or transcode through a spool file) only when CXF writes the MTOM part.
 *
 * <p>Errors per document (BRIEF 3.1, ITI TF-3 4.2.4): unknown or misplaced SOP instance gives
 * XDSDocumentUniqueIdError, a foreign repository XDSUnknownRepositoryId, a foreign community
 * XDSUnknownCommunity, no acceptable transfer syntax XDSRepositoryError; all with
 * location = the DocumentUniqueId, and PartialSuccess when other instances were returned.
 */
public final class ImagingDocumentSource {
    private static final Logger LOG = Logger.getLogger(ImagingDocumentSource.class.getName());
    public static final String MIME_DICOM = "application/dicom";

    private final Database db;
    private final Pacs pacs;
    private final TranscodingSpool spool;
    private final String repositoryUniqueId;
    private final String homeCommunityId;

    public ImagingDocumentSource(Database db, Pacs pacs, TranscodingSpool spool,
                                 String repositoryUniqueId, String homeCommunityId) {
        this.db = db;
        this.pacs = pacs;
        this.spool = spool;
        this.repositoryUniqueId = repositoryUniqueId;
        this.homeCommunityId = homeCommunityId;
    }

    public RetrievedDocumentSet retrieve(RetrieveImagingDocumentSet request) {
        long start = System.nanoTime();
        List<String> syntaxes = request.getTransferSyntaxIds();
        List<RetrievedDocument> documents = new ArrayList<>();
        List<ErrorInfo> errors = new ArrayList<>();
        for (RetrieveStudy study : request.getRetrieveStudies()) {
            for (RetrieveSeries series : study.getRetrieveSerieses()) {
                for (DocumentReference ref : series.getDocuments()) {
                    retrieveOne(study.getStudyInstanceUID(), series.getSeriesInstanceUID(), ref, syntaxes,
                            documents, errors);
                }
            }
        }
        RetrievedDocumentSet result = new RetrievedDocumentSet(status(documents, errors), documents);
        result.setErrors(errors);
        LOG.info(() -> String.format("RAD-69 retrieve status=%s documents=%d errors=%d %d ms", result.getStatus(),
                documents.size(), errors.size(), (System.nanoTime() - start) / 1_000_000));
        return result;
    }

    private void retrieveOne(String studyUid, String seriesUid, DocumentReference ref, List<String> syntaxes,
                             List<RetrievedDocument> documents, List<ErrorInfo> errors) {
        String sopUid = ref.getDocumentUniqueId();
        if (ref.getHomeCommunityId() != null && !ref.getHomeCommunityId().equals(homeCommunityId)) {
            errors.add(error(ErrorCode.UNKNOWN_COMMUNITY, "unknown homeCommunityId " + ref.getHomeCommunityId(), sopUid));
            return;
        }
        if (!repositoryUniqueId.equals(ref.getRepositoryUniqueId())) {
            errors.add(error(ErrorCode.UNKNOWN_REPOSITORY_ID,
                    "unknown repositoryUniqueId " + ref.getRepositoryUniqueId(), sopUid));
            return;
        }
        InstanceEntity instance = sopUid == null ? null : db.inTransaction(em -> em.find(InstanceEntity.class, sopUid));
        if (instance == null) {
            errors.add(error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR, "no such SOP instance", sopUid));
            return;
        }
        if (!instance.getStudyUid().equals(studyUid) || !instance.getSeriesUid().equals(seriesUid)) {
            errors.add(error(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR,
                    "SOP instance is not in the requested study/series", sopUid));
            return;
        }
        var address = new Pacs.InstanceAddress(instance.getStudyUid(), instance.getSeriesUid(), sopUid);
        String stored = instance.getTransferSyntax();
        DataHandler handler;
        if (syntaxes.contains(stored)) {
            handler = new BlockCopyDataHandler(new InstanceDataSource(pacs, address, instance.getLocation()));
        } else {
            String target = syntaxes.stream().filter(ts -> Transcoder.canTranscode(stored, ts)).findFirst().orElse(null);
            if (target == null) {
                errors.add(error(ErrorCode.REPOSITORY_ERROR,
                        "stored transfer syntax " + stored + " cannot be converted to any requested one", sopUid));
                return;
            }
            handler = new BlockCopyDataHandler(spool.transcoding(pacs, address, instance.getLocation(), target));
        }
        DocumentReference echoed = new DocumentReference(repositoryUniqueId, sopUid, ref.getHomeCommunityId());
        documents.add(new RetrievedDocument(handler, echoed, null, null, MIME_DICOM));
    }

    static Status status(List<?> documents, List<ErrorInfo> errors) {
        boolean anyError = errors.stream().anyMatch(e -> e.getSeverity() == Severity.ERROR);
        if (!anyError) {
            return Status.SUCCESS;
        }
        return documents.isEmpty() ? Status.FAILURE : Status.PARTIAL_SUCCESS;
    }

    private ErrorInfo error(ErrorCode code, String context, String location) {
        return new ErrorInfo(code, context, Severity.ERROR, location, null);
    }
}
