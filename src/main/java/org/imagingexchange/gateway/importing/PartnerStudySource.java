// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagingexchange.gateway.dicom.InvalidDicomException;
import org.imagingexchange.gateway.dicom.KosManifest;
import org.imagingexchange.gateway.dicom.KosReader;
import org.imagingexchange.gateway.dicom.TransferSyntaxes;
import org.imagingexchange.gateway.xca.initiating.CrossCommunityRetrieve;
import org.imagingexchange.gateway.xca.initiating.Requester;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * Gets an outside study from a partner community through the initiating gateway: its KOS
 * manifest by ITI-39 (which instances make the study), then the instances by RAD-75, a batch at
 * a time, each written to the spool as it streams in (never a study in memory).
 */
final class PartnerStudySource {
    /** An instance the manifest lists. */
    record Listed(String studyUid, String seriesUid, String sopUid) {}

    /** What one batch brought: the files written, and a reason for each instance not delivered. */
    record Batch(Map<String, Path> delivered, Map<String, String> missing) {}

    private final CrossCommunityRetrieve retrieve;

    PartnerStudySource(CrossCommunityRetrieve retrieve) {
        this.retrieve = retrieve;
    }

    /** The instances of the study as the partner's manifest lists them. */
    List<Listed> manifest(String homeCommunityId, String repositoryUid, String manifestUid, String studyUid)
            throws IOException {
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(repositoryUid, manifestUid, homeCommunityId));
        RetrievedDocumentSet answer = retrieve.retrieve(request, Requester.SYSTEM);
        if (answer.getDocuments().isEmpty()) {
            throw new IOException("ITI-39: the partner returned no manifest (" + errors(answer.getErrors()) + ")");
        }
        KosManifest kos;
        try (InputStream in = answer.getDocuments().get(0).getDataHandler().getInputStream()) {
            kos = KosReader.read(in);
        } catch (InvalidDicomException e) {
            throw new IOException("ITI-39: the partner's manifest is not a readable KOS: " + e.getMessage(), e);
        }
        List<Listed> listed = new ArrayList<>();
        kos.studies().forEach(st -> st.series().forEach(se -> se.instances().forEach(i -> listed.add(
                new Listed(st.studyInstanceUid(), se.seriesInstanceUid(), i.sopInstanceUid())))));
        if (studyUid != null && listed.stream().noneMatch(l -> l.studyUid().equals(studyUid))) {
            throw new IOException("ITI-39: the manifest does not list study " + studyUid);
        }
        return studyUid == null ? listed : listed.stream().filter(l -> l.studyUid().equals(studyUid)).toList();
    }

    /**
     * Retrieves the instances by one RAD-75 (routed to the partner), writing each to
     * {@code dir/<sop>.dcm}. Documents are read in the order they arrive, each completely before
     * the next, as the streamed response requires.
     */
    Batch fetch(String homeCommunityId, String repositoryUid, List<Listed> instances, Path dir) throws IOException {
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        // every syntax we can store: the partner sends each instance as it holds it (pixel data untouched)
        request.getTransferSyntaxIds().addAll(TransferSyntaxes.storage());
        Map<String, RetrieveStudy> studies = new LinkedHashMap<>();
        Map<String, RetrieveSeries> series = new LinkedHashMap<>();
        for (Listed l : instances) {
            RetrieveStudy st = studies.computeIfAbsent(l.studyUid(), k -> {
                RetrieveStudy s = new RetrieveStudy();
                s.setStudyInstanceUID(k);
                request.getRetrieveStudies().add(s);
                return s;
            });
            RetrieveSeries se = series.computeIfAbsent(l.studyUid() + "/" + l.seriesUid(), k -> {
                RetrieveSeries s = new RetrieveSeries();
                s.setSeriesInstanceUID(l.seriesUid());
                st.getRetrieveSerieses().add(s);
                return s;
            });
            se.getDocuments().add(new DocumentReference(repositoryUid, l.sopUid(), homeCommunityId));
        }
        RetrievedDocumentSet answer = retrieve.retrieveImages(request, Requester.SYSTEM);
        if (answer.getStatus() == Status.FAILURE && answer.getDocuments().isEmpty()) {
            throw new IOException("RAD-75 failed: " + errors(answer.getErrors()));
        }
        Map<String, Path> delivered = new LinkedHashMap<>();
        for (RetrievedDocument d : answer.getDocuments()) {
            String sop = d.getRequestData().getDocumentUniqueId();
            Path file = dir.resolve(sop + ".dcm");
            Path part = dir.resolve(sop + ".dcm.part");
            try (InputStream in = d.getDataHandler().getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            delivered.put(sop, file);
        }
        Map<String, String> missing = new LinkedHashMap<>();
        for (Listed l : instances) {
            if (!delivered.containsKey(l.sopUid())) {
                missing.put(l.sopUid(), "not delivered by the partner (" + errors(answer.getErrors()) + ")");
            }
        }
        return new Batch(delivered, missing);
    }

    private static String errors(List<ErrorInfo> errors) {
        if (errors == null || errors.isEmpty()) {
            return "no error given";
        }
        StringBuilder b = new StringBuilder();
        for (ErrorInfo e : errors) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(e.getErrorCode() == null ? e.getCustomErrorCode() : e.getErrorCode().getOpcode());
            if (e.getCodeContext() != null) {
                b.append(": ").append(e.getCodeContext().length() > 200 ? e.getCodeContext().substring(0, 200)
                        : e.getCodeContext());
            }
        }
        return b.toString();
    }
}
