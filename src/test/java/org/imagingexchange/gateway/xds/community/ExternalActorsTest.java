// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagingexchange.gateway.audit.AuditEvent;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.Outcome;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.imagingexchange.gateway.audit.Transaction;
import org.imagingexchange.gateway.testing.MapConfig;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The community's external actors when they fail: nothing listening, or a SOAP fault. Each is
 * an answer with the RegistryError the caller passes on (XDSRegistryNotAvailable for the query,
 * XDSRepositoryError per requested document for the retrieves), never an exception, and the
 * peer's own fault text is not repeated. The success path runs against a real gateway in
 * RespondingGatewayIT (the "front" gateway).
 */
class ExternalActorsTest {
    static final String HOME = "urn:oid:1.3.6.1.4.1.21367.2026.97.1";

    /** The embedded side of the mix: answers only when an actor is not external. */
    static final class Embedded implements LocalCommunity {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String homeCommunityId() {
            return HOME;
        }

        @Override
        public QueryResponse query(QueryRegistry request) {
            calls.incrementAndGet();
            return new QueryResponse(Status.SUCCESS);
        }

        @Override
        public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
            calls.incrementAndGet();
            return new RetrievedDocumentSet(Status.SUCCESS, List.of());
        }

        @Override
        public RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request) {
            calls.incrementAndGet();
            return new RetrievedDocumentSet(Status.SUCCESS, List.of());
        }
    }

    /** Keeps what the actors record. */
    static final class Recording implements Auditor {
        final List<AuditEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void record(AuditEvent event) {
            events.add(event);
        }

        @Override
        public void securityAlert(SecurityAlert alert) {
        }
    }

    final Recording audit = new Recording();

    static CommunityActorsSettings settings(Map<String, String> values) {
        return CommunityActorsSettings.from(new MapConfig(values));
    }

    static QueryRegistry findDocuments() {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new Identifiable("P-1", new AssigningAuthority("1.2.3", "ISO")));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return new QueryRegistry(q);
    }

    static RetrieveImagingDocumentSet twoInstances() {
        RetrieveImagingDocumentSet r = new RetrieveImagingDocumentSet();
        RetrieveStudy s = new RetrieveStudy();
        s.setStudyInstanceUID("1.2.3.1");
        s.getRetrieveSerieses().add(new RetrieveSeries("1.2.3.2", List.of(
                new DocumentReference("1.2.3.9", "1.2.3.3.1", null), new DocumentReference("1.2.3.9", "1.2.3.3.2", null))));
        r.getRetrieveStudies().add(s);
        r.getTransferSyntaxIds().add("1.2.840.10008.1.2.1");
        return r;
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void withoutExternalUrlsTheEmbeddedActorsAreUsedAsTheyAre() {
        Embedded embedded = new Embedded();
        assertSame(embedded, ExternalActors.of(settings(Map.of()), embedded, null));
        assertSame(embedded, ExternalActors.of(settings(Map.of("gateway.registry.url", "embedded",
                "gateway.repository.url", " ")), embedded, null));
    }

    @Test
    void aSettingThatIsNeitherEmbeddedNorAnHttpUrlStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("gateway.registry.url", "ftp://registry.example/iti18")));
        assertTrue(e.getMessage().contains("gateway.registry.url"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("gateway.imaging.source.url", "rad69")));
        assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("gateway.community.read.timeout.seconds", "0")));
        CommunityActorsSettings s = settings(Map.of("gateway.repository.url", "https://repo.example:8443/iti43"));
        assertNull(s.registry());
        assertEquals(URI.create("https://repo.example:8443/iti43"), s.repository());
    }

    @Test
    void unreachableActorsAnswerWithTheRegistryErrorsOfTheirTransactions() throws Exception {
        String base = "http://127.0.0.1:" + closedPort() + "/services/xds/";
        Embedded embedded = new Embedded();
        LocalCommunity community = ExternalActors.of(settings(Map.of("gateway.registry.url", base + "iti18",
                "gateway.repository.url", base + "iti43", "gateway.imaging.source.url", base + "rad69",
                "gateway.community.connect.timeout.seconds", "2")), embedded, audit);
        assertEquals(HOME, community.homeCommunityId());

        QueryResponse q = community.query(findDocuments());
        assertEquals(Status.FAILURE, q.getStatus());
        assertEquals(List.of(ErrorCode.REGISTRY_NOT_AVAILABLE), q.getErrors().stream().map(ErrorInfo::getErrorCode).toList());

        RetrieveDocumentSet kos = new RetrieveDocumentSet();
        kos.getDocuments().add(new DocumentReference("1.2.3.9", "1.2.3.4", HOME));
        RetrievedDocumentSet r = community.retrieve(kos);
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(List.of("1.2.3.4"), r.getErrors().stream().map(ErrorInfo::getLocation).toList());
        assertEquals(ErrorCode.REPOSITORY_ERROR, r.getErrors().get(0).getErrorCode());

        RetrievedDocumentSet images = community.retrieveImages(twoInstances());
        assertEquals(Status.FAILURE, images.getStatus());
        assertEquals(List.of("1.2.3.3.1", "1.2.3.3.2"), images.getErrors().stream().map(ErrorInfo::getLocation).toList(),
                "one error per requested instance");
        assertEquals(0, embedded.calls.get(), "an external actor that fails is not replaced by the embedded one");

        // each call is audited as the consumer's side of its transaction, toward the actor's URL
        assertEquals(List.of(Transaction.ITI_18, Transaction.ITI_43, Transaction.RAD_69),
                audit.events.stream().map(AuditEvent::transaction).toList());
        for (AuditEvent e : audit.events) {
            assertFalse(e.served());
            assertEquals(Outcome.FAILURE, e.outcome());
            assertTrue(e.destination().userId().startsWith(base), e.destination().userId());
        }
        assertEquals(List.of("P-1^^^&1.2.3&ISO"), audit.events.get(0).patientIds());
        assertEquals("XDSRegistryNotAvailable", audit.events.get(0).outcomeDescription());
        assertEquals(2, audit.events.get(2).documents().size());
        assertTrue(audit.events.get(2).documents().stream().noneMatch(AuditEvent.DocumentRef::obtained));
    }

    @Test
    void aSoapFaultIsAnErrorWithoutThePeersText() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] fault = """
                    <soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault>
                    <soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code>
                    <soap:Reason><soap:Text xml:lang="en">internal detail Smith^John</soap:Text></soap:Reason>
                    </soap:Fault></soap:Body></soap:Envelope>""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=UTF-8");
            exchange.sendResponseHeaders(500, fault.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(fault);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Embedded embedded = new Embedded();
            LocalCommunity community = ExternalActors.of(settings(Map.of("gateway.registry.url", base + "iti18",
                    "gateway.imaging.source.url", base + "rad69")), embedded, null);
            QueryResponse q = community.query(findDocuments());
            assertEquals(ErrorCode.REGISTRY_NOT_AVAILABLE, q.getErrors().get(0).getErrorCode());
            RetrievedDocumentSet images = community.retrieveImages(twoInstances());
            assertEquals(Status.FAILURE, images.getStatus());
            images.getErrors().forEach(e -> assertFalse(e.getCodeContext().contains("Smith"), e.getCodeContext()));
            assertEquals(2, requests.get(), "one ITI-18 and one RAD-69 reached the peer");
            RetrievedDocumentSet kos = community.retrieve(new RetrieveDocumentSet());
            assertEquals(Status.SUCCESS, kos.getStatus(), "the repository stayed embedded");
            assertEquals(1, embedded.calls.get());
        } finally {
            server.stop(0);
        }
    }
}
