// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import jakarta.xml.ws.BindingProvider;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.cxf.message.Message;
import org.imagingexchange.gateway.testing.XdsClients;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveDocumentSetResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.RetrieveDocumentSetResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.rad69.Rad69PortType;

/**
 * RAD-69 Retrieve Imaging Document Set of the whole study in one request (every series and
 * instance, TransferSyntaxUIDList = the stored syntax), as an Imaging Document Consumer does it:
 * the project's CXF client with MTOM, each attachment read to its end and closed in order.
 * Every instance's byte count is checked; SHA-256 only when asked (it costs CPU in the timed part).
 */
final class Rad69Retrieval {
    private static final EbXMLFactory30 FACTORY = new EbXMLFactory30();

    private final Rad69PortType port;
    private final BenchStudy study;
    private final RetrieveImagingDocumentSetRequestType request;

    /** Outcome of one retrieve; {@code envelopeNanos} is the time until the SOAP part was parsed. */
    record Result(long bytes, long nanos, long envelopeNanos, Map<String, List<String>> responseHeaders) {
        double mbPerSecond() {
            return bytes / (double) (1 << 20) / (nanos / 1e9);
        }
    }

    Rad69Retrieval(String url, BenchStudy study) {
        this.port = XdsClients.rad69(url);
        this.study = study;
        RetrieveImagingDocumentSet req = new RetrieveImagingDocumentSet();
        RetrieveStudy rs = new RetrieveStudy();
        rs.setStudyInstanceUID(study.studyUid());
        study.sopsBySeries().forEach((series, sops) -> {
            List<DocumentReference> refs = new ArrayList<>();
            sops.forEach(sop -> refs.add(new DocumentReference(BenchGateway.REPOSITORY, sop, null)));
            rs.getRetrieveSerieses().add(new RetrieveSeries(series, refs));
        });
        req.getRetrieveStudies().add(rs);
        req.getTransferSyntaxIds().add(study.transferSyntax());
        this.request = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(req).getInternal();
    }

    /**
     * One retrieve. {@code expectedSha256} maps SOP Instance UIDs to the digests to check (may be
     * empty). Throws when anything differs from the study: status, instance set, a byte count, a digest.
     */
    Result retrieve(Map<String, String> expectedSha256) throws IOException {
        Map<String, Long> expectedSize = new HashMap<>();
        study.instances().forEach(i -> expectedSize.put(i.sopUid(), i.size()));
        byte[] buf = new byte[1 << 16];

        long start = System.nanoTime();
        var raw = port.documentRepositoryRetrieveImagingDocumentSet(request);
        long envelope = System.nanoTime() - start;
        RetrievedDocumentSet set = new RetrieveDocumentSetResponseTransformer(FACTORY)
                .fromEbXML(new EbXMLRetrieveDocumentSetResponse30(raw));
        if (set.getStatus() != Status.SUCCESS) {
            throw new IOException("RAD-69 status " + set.getStatus() + ", errors " + set.getErrors());
        }
        if (set.getDocuments().size() != expectedSize.size()) {
            throw new IOException("RAD-69 returned " + set.getDocuments().size() + " documents, expected "
                    + expectedSize.size());
        }
        long total = 0;
        for (RetrievedDocument d : set.getDocuments()) {
            String sop = d.getRequestData().getDocumentUniqueId();
            Long size = expectedSize.remove(sop);
            if (size == null) {
                throw new IOException("RAD-69 returned an unexpected or repeated instance " + sop);
            }
            long n;
            String expectedDigest = expectedSha256.get(sop);
            if (expectedDigest != null) {
                CountingStream counted = new CountingStream(d.getDataHandler().getInputStream());
                String digest = BenchStudy.sha256(counted);
                if (!digest.equals(expectedDigest)) {
                    throw new IOException("instance " + sop + " differs from the file sent (SHA-256)");
                }
                n = counted.count;
            } else {
                n = 0;
                try (InputStream in = d.getDataHandler().getInputStream()) {
                    for (int r; (r = in.read(buf)) >= 0; ) {
                        n += r;
                    }
                }
            }
            if (n != size) {
                throw new IOException("instance " + sop + ": " + n + " bytes retrieved, " + size + " stored");
            }
            total += n;
        }
        long nanos = System.nanoTime() - start;
        return new Result(total, nanos, envelope, responseHeaders());
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<String>> responseHeaders() {
        Object h = ((BindingProvider) port).getResponseContext().get(Message.PROTOCOL_HEADERS);
        Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (h instanceof Map<?, ?> map) {
            m.putAll((Map<String, List<String>>) map);
        }
        return m;
    }
}
