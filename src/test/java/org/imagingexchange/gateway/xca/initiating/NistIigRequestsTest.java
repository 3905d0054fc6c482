// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openehealth.ipf.commons.ihe.xds.RAD;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRetrieveImagingDocumentSetRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.RetrieveImagingDocumentSetRequestValidator;

/**
 * The NIST XCA-I Initiating Imaging Gateway requests (iig_5400 ... iig_5410, ../shared) replayed
 * through the routing, with stub Responding Imaging Gateways for the test's communities A
 * (urn:oid:...13.70.101) and B (...102) holding the NIST community-A instances; ...102.999 is
 * not a partner. For each: one RAD-75 per community with exactly that community's documents and
 * the TransferSyntaxUIDList copied verbatim, every instance a partner has returned byte for
 * byte, XDSUnknownCommunity for the unregistered community, and the status rules.
 */
class NistIigRequestsTest {
    static final String NIST_A = "urn:oid:1.3.6.1.4.1.21367.13.70.101";
    static final String NIST_B = "urn:oid:1.3.6.1.4.1.21367.13.70.102";
    static final Path REQUESTS = TestPaths.shared().resolve("dicom/nist-iheos-toolkit2/xca-i/requests");
    static StubPartner a;
    static StubPartner b;
    static Rig rig;

    @BeforeAll
    static void start() throws Exception {
        a = StubPartner.of("gw-b", NIST_A);
        b = StubPartner.of("gw-c", NIST_B);
        try (Stream<Path> dirs = Files.list(TestPaths.shared().resolve("dicom/nist-iheos-toolkit2/xca-i/community-A"))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                for (RetrieveRoutingTest.Instance i : RetrieveRoutingTest.instances(dir)) {
                    a.documents.put(i.sop(), i.file());
                    b.documents.put(i.sop(), i.file());
                }
            }
        }
        rig = new Rig().partner(a, "nist-a", Duration.ofSeconds(10)).partner(b, "nist-b", Duration.ofSeconds(10)).start();
    }

    @AfterAll
    static void stop() {
        rig.close();
        a.close();
        b.close();
    }

    static List<Path> requests() throws Exception {
        try (Stream<Path> s = Files.list(REQUESTS)) {
            return s.filter(p -> p.getFileName().toString().matches("iig_\\d+_RAD-69Request\\.xml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("requests")
    void replay(Path file) throws Exception {
        RetrieveImagingDocumentSetRequestType body = JAXBContext.newInstance(RetrieveImagingDocumentSetRequestType.class)
                .createUnmarshaller().unmarshal(new StreamSource(file.toFile()), RetrieveImagingDocumentSetRequestType.class)
                .getValue();
        var ebxml = new EbXMLRetrieveImagingDocumentSetRequest30(body);
        RetrieveImagingDocumentSetRequestValidator.getInstance().validate(ebxml, RAD.Interactions.RAD_69);
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSetRequestTransformer(new EbXMLFactory30())
                .fromEbXML(ebxml);
        int sentToA = a.received("rad75").size();
        int sentToB = b.received("rad75").size();

        RetrievedDocumentSet r = rig.retrieve.retrieveImages(request, Requester.SYSTEM);

        List<DocumentReference> docs = RetrieveSplit.documents(request);
        checkPartner(a, NIST_A, docs, request, sentToA);
        checkPartner(b, NIST_B, docs, request, sentToB);
        Set<String> unknown = new LinkedHashSet<>();
        docs.stream().filter(d -> !d.getHomeCommunityId().equals(NIST_A) && !d.getHomeCommunityId().equals(NIST_B))
                .forEach(d -> unknown.add(d.getDocumentUniqueId()));
        List<String> unknownErrors = r.getErrors().stream().filter(e -> e.getErrorCode() == ErrorCode.UNKNOWN_COMMUNITY)
                .map(ErrorInfo::getLocation).toList();
        assertEquals(List.copyOf(unknown), unknownErrors, "XDSUnknownCommunity per document of an unknown community");
        List<String> returned = new ArrayList<>();
        for (RetrievedDocument d : r.getDocuments()) {
            String sop = d.getRequestData().getDocumentUniqueId();
            returned.add(sop);
            try (InputStream in = d.getDataHandler().getInputStream()) {
                assertEquals(XdsConsumer.sha256(Files.newInputStream(a.documents.get(sop))), XdsConsumer.sha256(in));
            }
        }
        long missing = docs.stream().filter(d -> !unknown.contains(d.getDocumentUniqueId())
                && !a.documents.containsKey(d.getDocumentUniqueId())).count();
        assertEquals(docs.size() - unknown.size() - missing, returned.size(), "every instance a partner has");
        assertEquals(CrossCommunityRetrieve.status(r.getDocuments(), r.getErrors()), r.getStatus());
    }

    private static void checkPartner(StubPartner stub, String hcid, List<DocumentReference> docs,
                                     RetrieveImagingDocumentSet request, int before) {
        List<String> mine = docs.stream().filter(d -> d.getHomeCommunityId().equals(hcid))
                .map(DocumentReference::getDocumentUniqueId).toList();
        List<StubPartner.Received> sent = stub.received("rad75");
        if (mine.isEmpty()) {
            assertEquals(before, sent.size(), "no RAD-75 to " + hcid);
            return;
        }
        assertEquals(before + 1, sent.size(), "one RAD-75 to " + hcid);
        String envelope = sent.get(sent.size() - 1).envelope();
        mine.forEach(uid -> assertTrue(envelope.contains(">" + uid + "<"), uid + " sent to " + hcid));
        docs.stream().filter(d -> !d.getHomeCommunityId().equals(hcid))
                .forEach(d -> assertFalse(envelope.contains(">" + d.getDocumentUniqueId() + "<"),
                        d.getDocumentUniqueId() + " not sent to " + hcid));
        int at = 0;
        for (String ts : request.getTransferSyntaxIds()) {
            int next = envelope.indexOf(">" + ts + "<", at);
            assertTrue(next > at, "transfer syntax " + ts + " kept, in order");
            at = next;
        }
    }
}
