// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.imagingexchange.gateway.dicom.KosManifest;
import org.imagingexchange.gateway.dicom.KosReader;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;

/**
 * An XDS-I.b Imaging Document Consumer for tests: ITI-18, ITI-43 and RAD-69 against one
 * gateway, speaking IPF's model on this side and SOAP (CXF clients) on the wire.
 */
public final class XdsConsumer {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final GatewayServer gateway;
    private final String issuer;
    private final String repositoryUniqueId;

    public XdsConsumer(GatewayServer gateway, String issuer, String repositoryUniqueId) {
        this.gateway = gateway;
        this.issuer = issuer;
        this.repositoryUniqueId = repositoryUniqueId;
    }

    public QueryResponse findDocuments(String patientId) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new Identifiable(patientId, new AssigningAuthority(issuer, "ISO")));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry query = new QueryRegistry(q);
        query.setReturnType(QueryReturnType.LEAF_CLASS);
        var raw = XdsClients.iti18(gateway.soapUrl("xds/iti18")).documentRegistryRegistryStoredQuery(
                new QueryRegistryTransformer().toEbXML(query).getInternal());
        return new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(raw));
    }

    /** Polls ITI-18 until the patient has an approved manifest (the publisher waits for a stable study). */
    public DocumentEntry awaitManifest(String patientId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        QueryResponse last = null;
        while (Instant.now().isBefore(deadline)) {
            last = findDocuments(patientId);
            if (last.getStatus() == Status.SUCCESS && !last.getDocumentEntries().isEmpty()) {
                if (last.getDocumentEntries().size() != 1) {
                    throw new AssertionError("more than one approved manifest: " + last.getDocumentEntries());
                }
                return last.getDocumentEntries().get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no KOS DocumentEntry within " + timeout + "; last response " + last);
    }

    public RetrievedDocumentSet retrieveDocuments(String... documentUniqueIds) {
        RetrieveDocumentSet rds = new RetrieveDocumentSet();
        for (String uid : documentUniqueIds) {
            rds.getDocuments().add(new DocumentReference(repositoryUniqueId, uid, null));
        }
        var raw = XdsClients.iti43(gateway.soapUrl("xds/iti43")).documentRepositoryRetrieveDocumentSet(
                new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(rds).getInternal());
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(raw));
    }

    /** ITI-43 of one manifest, saved to {@code target} and parsed. */
    public KosManifest retrieveManifest(String kosUid, Path target) throws Exception {
        RetrievedDocumentSet set = retrieveDocuments(kosUid);
        if (set.getStatus() != Status.SUCCESS || set.getDocuments().size() != 1) {
            throw new AssertionError("ITI-43 of the manifest failed: " + set.getStatus() + " " + set.getErrors());
        }
        try (InputStream in = set.getDocuments().get(0).getDataHandler().getInputStream()) {
            Files.copy(in, target);
        }
        return KosReader.read(target);
    }

    /** RAD-69 for instances of one series of one study. */
    public RetrievedDocumentSet retrieveImages(String studyUid, String seriesUid, List<String> sopUids,
                                               List<String> transferSyntaxes) {
        return retrieveImages(studyUid, Map.of(seriesUid, sopUids), transferSyntaxes);
    }

    public RetrievedDocumentSet retrieveImages(String studyUid, Map<String, List<String>> sopUidsBySeries,
                                               List<String> transferSyntaxes) {
        RetrieveImagingDocumentSet req = new RetrieveImagingDocumentSet();
        RetrieveStudy study = new RetrieveStudy();
        study.setStudyInstanceUID(studyUid);
        sopUidsBySeries.forEach((series, sops) -> {
            List<DocumentReference> refs = new ArrayList<>();
            sops.forEach(s -> refs.add(new DocumentReference(repositoryUniqueId, s, null)));
            study.getRetrieveSerieses().add(new RetrieveSeries(series, refs));
        });
        req.getRetrieveStudies().add(study);
        req.getTransferSyntaxIds().addAll(transferSyntaxes);
        var raw = XdsClients.rad69(gateway.soapUrl("xds/rad69")).documentRepositoryRetrieveImagingDocumentSet(
                new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(req).getInternal());
        return new RetrieveDocumentSetResponseTransformer(FACTORY).fromEbXML(new EbXMLRetrieveDocumentSetResponse30(raw));
    }

    public static String sha256(InputStream in) throws Exception {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
