// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_A;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_C;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_D;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.ISSUER_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.testing.XdsClients;
import org.imagingexchange.gateway.testing.XdsConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLQueryResponse30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RetrieveImagingDocumentSetRequestTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;

/**
 * A real gateway (community A, Liberty started by the launcher) with a partner file of three
 * stub Responding Gateways over mutual TLS with the lab PKI: B holds the NIST study of
 * IIG-DEPT1021 (36 MR instances and its KOS), C the CR study of IIG-DEPT1011, D answers too
 * late. A consumer calls /services/ig/* on plain HTTP as a local consumer would.
 */
class InitiatingGatewayIT {
    static final String LOCAL_ID = "IIG-DEPT1021";
    static final Duration D_DEADLINE = Duration.ofSeconds(3);
    static final EbXMLFactory30 FACTORY = new EbXMLFactory30();
    static StubPartner b;
    static StubPartner c;
    static StubPartner d;
    static GatewayServer gateway;
    static List<RetrieveRoutingTest.Instance> beta;
    static List<RetrieveRoutingTest.Instance> alpha;
    static String kosUid;

    @BeforeAll
    static void start() throws Exception {
        FederationPki pki = FederationPki.get();
        b = StubPartner.of("gw-b", HCID_B);
        c = StubPartner.of("gw-c", HCID_C);
        d = StubPartner.of("gw-d", HCID_D);
        beta = RetrieveRoutingTest.instances(TestPaths.nistStudyDir());
        alpha = RetrieveRoutingTest.instances(TestPaths.nistAlphaDir());
        beta.forEach(i -> b.documents.put(i.sop(), i.file()));
        alpha.forEach(i -> c.documents.put(i.sop(), i.file()));
        Path kos = TestPaths.nistStudyDir().resolve("KOS-manifest_ids-1002.dcm");
        kosUid = DicomFiles.readHeader(kos, DicomLimits.defaults()).sopInstanceUid();
        b.documents.put(kosUid, kos);
        b.queryAnswer = env -> {
            String[] pid = StubResponses.patientOf(env);
            DocumentEntry e = StubResponses.kos(HCID_B, b.repositoryUniqueId, pid[0], pid[1], beta.get(0).study(), "MR");
            e.setUniqueId(kosUid);
            return StubResponses.queryResponse(List.of(e));
        };
        c.queryAnswer = env -> {
            String[] pid = StubResponses.patientOf(env);
            return StubResponses.queryResponse(List.of(StubResponses.kos(HCID_C, c.repositoryUniqueId, pid[0], pid[1],
                    alpha.get(0).study(), "CR")));
        };
        d.queryAnswer = c.queryAnswer;
        d.delay = D_DEADLINE.multipliedBy(3);

        Path dir = Files.createDirectories(TestPaths.projectDir().resolve("target/it/initiating-config"));
        Path partners = dir.resolve("partners.yaml");
        Files.writeString(partners, "partners:\n" + partner("gw-b", b, "10s") + partner("gw-c", c, "10s")
                + partner("gw-d", d, D_DEADLINE.toSeconds() + "s"));
        Path links = dir.resolve("patient-links.txt");
        Files.writeString(links, "# local id, community, partner patient id, assigning authority\n"
                + LOCAL_ID + " " + HCID_B + " B-7 1.3.6.1.4.1.21367.2026.2.3\n"
                + LOCAL_ID + " " + HCID_C + " C-9 1.3.6.1.4.1.21367.2026.3.3\n"
                + LOCAL_ID + " " + HCID_D + " D-1 1.3.6.1.4.1.21367.2026.4.3\n");
        CommunityFiles a = pki.community("gw-a");
        Map<String, String> env = new HashMap<>(a.readEnv());
        env.put("GATEWAY_HOME_COMMUNITY_ID", HCID_A);
        env.put("GATEWAY_PATIENT_ID_ISSUER", ISSUER_A);
        env.put("GATEWAY_PARTNERS_FILE", partners.toString());
        env.put("GATEWAY_PATIENT_LINKS_FILE", links.toString());
        env.put("GATEWAY_SAML_KEYSTORE", a.samlKeyStore().toString());
        env.put("GATEWAY_SAML_KEYSTORE_PASSWORD", pki.password("gw-a", "saml-signing.password"));
        env.put("GATEWAY_TLS_CRL", pki.root.resolve("ca/lab-ca/crl.pem").toString());
        gateway = GatewayServer.start("initiating", env);
    }

    static String partner(String name, StubPartner s, String queryDeadline) {
        return "  - name: " + name + "\n    homeCommunityId: " + s.homeCommunityId + "\n"
                + "    tls:\n      - sha256: \"" + s.identity().sha256() + "\"\n"
                + "    endpoints: {iti38: " + s.url("iti38") + ", iti39: " + s.url("iti39") + ", rad75: "
                + s.url("rad75") + "}\n"
                + "    timeouts: {connect: 5s, idle: 30s, query: " + queryDeadline + "}\n"
                + "    maxConcurrentRequests: 4\n    outboundAssertion: issue\n";
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (StubPartner s : new StubPartner[] {b, c, d}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void findDocumentsReturnsThePartnersManifestsAndSkipsTheSlowOneAtItsDeadline() throws Exception {
        var request = new QueryRegistryTransformer(FACTORY).toEbXML(FanOutTest.findDocuments(LOCAL_ID)).getInternal();
        var port = XdsClients.iti18(gateway.soapUrl("ig/iti18"));
        // untimed: the consumer's own first call (its CXF client, the server's first ITI-18) asks no partner
        port.documentRegistryRegistryStoredQuery(new QueryRegistryTransformer(FACTORY)
                .toEbXML(FanOutTest.findDocuments("NOT-LINKED")).getInternal());
        long t0 = System.nanoTime();
        var answer = port.documentRegistryRegistryStoredQuery(request);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        QueryResponse r = new QueryResponseTransformer(FACTORY).fromEbXML(new EbXMLQueryResponse30(answer));

        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus(), () -> r.getErrors().toString());
        assertTrue(millis <= D_DEADLINE.toMillis() * 11 / 10, "answered after " + millis + " ms");
        Map<String, String> studyByHome = r.getDocumentEntries().stream().collect(Collectors.toMap(
                DocumentEntry::getHomeCommunityId, e -> e.getReferenceIdList().get(0).getId()));
        assertEquals(Map.of(HCID_B, beta.get(0).study(), HCID_C, alpha.get(0).study()), studyByHome);
        List<ErrorInfo> errors = r.getErrors();
        assertEquals(1, errors.size());
        assertEquals(ErrorCode.UNAVAILABLE_COMMUNITY, errors.get(0).getErrorCode());
        assertEquals(HCID_D, errors.get(0).getLocation());

        StubPartner.Received atB = b.received("iti38").get(b.received("iti38").size() - 1);
        assertTrue(atB.envelope().contains("B-7^^^&amp;1.3.6.1.4.1.21367.2026.2.3&amp;ISO"), "B's patient id");
        assertEquals(HCID_A, Rig.validateAtPartner(atB, HCID_B).homeCommunityId(), "signed by A, for B");
    }

    @Test
    void rad69AcrossTwoPartnersReturnsEveryInstanceByteIdentical() throws Exception {
        RetrieveImagingDocumentSet model = new RetrieveImagingDocumentSet();
        model.getTransferSyntaxIds().add(RetrieveRoutingTest.EXPLICIT_LE);
        RetrieveRoutingTest.add(model, beta, HCID_B, b.repositoryUniqueId);
        RetrieveRoutingTest.add(model, alpha, HCID_C, c.repositoryUniqueId);
        var request = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(model).getInternal();

        RetrieveDocumentSetResponseType answer = XdsClients.rad69(gateway.soapUrl("ig/rad69"))
                .documentRepositoryRetrieveImagingDocumentSet(request);

        assertEquals(Status.SUCCESS.getOpcode30(), answer.getRegistryResponse().getStatus());
        assertEquals(beta.size() + alpha.size(), answer.getDocumentResponse().size());
        Map<String, Path> files = new HashMap<>(b.documents);
        files.putAll(c.documents);
        for (var doc : answer.getDocumentResponse()) {
            DataHandler data = doc.getDocument();
            try (InputStream in = data.getInputStream()) {
                assertEquals(XdsConsumer.sha256(Files.newInputStream(files.get(doc.getDocumentUniqueId()))),
                        XdsConsumer.sha256(in), "instance " + doc.getDocumentUniqueId());
            }
            assertEquals(b.documents.containsKey(doc.getDocumentUniqueId()) ? HCID_B : HCID_C, doc.getHomeCommunityId());
        }
        assertTrue(b.received("rad75").stream().anyMatch(x -> x.envelope().contains(beta.get(0).sop())
                && !x.envelope().contains(alpha.get(0).sop())), "B got only its instances");
        Rig.validateAtPartner(b.received("rad75").get(0), HCID_B);
    }

    @Test
    void rad69WithoutTransferSyntaxesGetsAnIheErrorNotAFault() throws Exception {
        RetrieveImagingDocumentSet model = new RetrieveImagingDocumentSet();
        RetrieveRoutingTest.add(model, alpha, HCID_C, c.repositoryUniqueId);
        var request = new RetrieveImagingDocumentSetRequestTransformer(FACTORY).toEbXML(model).getInternal();
        int before = c.received("rad75").size();

        RetrieveDocumentSetResponseType answer = XdsClients.rad69(gateway.soapUrl("ig/rad69"))
                .documentRepositoryRetrieveImagingDocumentSet(request);

        assertEquals(Status.FAILURE.getOpcode30(), answer.getRegistryResponse().getStatus());
        assertEquals(0, answer.getDocumentResponse().size());
        assertTrue(answer.getRegistryResponse().getRegistryErrorList().getRegistryError().size() > 0);
        assertEquals(before, c.received("rad75").size(), "nothing sent to the partner");
    }

    @Test
    void iti43ReturnsThePartnersManifest() throws Exception {
        RetrieveDocumentSet model = new RetrieveDocumentSet();
        model.getDocuments().add(new DocumentReference(b.repositoryUniqueId, kosUid, HCID_B));
        var request = new RetrieveDocumentSetRequestTransformer(FACTORY).toEbXML(model).getInternal();
        RetrieveDocumentSetResponseType answer = XdsClients.iti43(gateway.soapUrl("ig/iti43"))
                .documentRepositoryRetrieveDocumentSet(request);
        assertEquals(1, answer.getDocumentResponse().size());
        try (InputStream in = answer.getDocumentResponse().get(0).getDocument().getInputStream()) {
            assertEquals(XdsConsumer.sha256(Files.newInputStream(b.documents.get(kosUid))), XdsConsumer.sha256(in));
        }
    }

    @Test
    void restShowsPartnersHealthAndTheOutsideStudiesOfAPatient() throws Exception {
        var studies = gateway.get("/api/patients/" + LOCAL_ID + "/outside-studies");
        assertEquals(200, studies.statusCode(), studies.body());
        String json = studies.body();
        assertTrue(json.contains("\"studyInstanceUid\":\"" + beta.get(0).study() + "\""), json);
        assertTrue(json.contains("\"numberOfInstances\":" + beta.size()), "counted from B's KOS: " + json);
        assertTrue(json.contains("\"homeCommunityId\":\"" + HCID_C + "\""), json);
        assertTrue(json.contains("\"status\":\"UNAVAILABLE\""), "D's status: " + json);

        var partners = gateway.get("/api/partners");
        assertEquals(200, partners.statusCode());
        assertTrue(partners.body().contains("\"name\":\"gw-b\"") && partners.body().contains("\"state\":\"CLOSED\""),
                partners.body());
        assertTrue(partners.body().contains("\"p95LatencyMillis\":"), partners.body());

        var bad = gateway.get("/api/patients/a%5Eb/outside-studies");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void metricsExportEachPartnersHealthForPrometheus() throws Exception {
        // a fan-out of its own, whatever ran before: B answers, D misses its deadline (or its breaker is open)
        XdsClients.iti18(gateway.soapUrl("ig/iti18")).documentRegistryRegistryStoredQuery(
                new QueryRegistryTransformer(FACTORY).toEbXML(FanOutTest.findDocuments(LOCAL_ID)).getInternal());

        var scrape = gateway.get("/metrics?scope=application"); // no login, plain HTTP, as Prometheus scrapes it
        assertEquals(200, scrape.statusCode(), scrape.body());
        String text = scrape.body();
        assertTrue(gauge(text, "gateway_partner_calls", "gw-b", HCID_B) >= 1, text);
        double lastSuccess = gauge(text, "gateway_partner_last_success_seconds", "gw-b", HCID_B);
        double now = System.currentTimeMillis() / 1000.0;
        assertTrue(lastSuccess > now - 600 && lastSuccess <= now + 5, "B's last success " + lastSuccess + "\n" + text);
        assertEquals(0, gauge(text, "gateway_partner_breaker_state", "gw-b", HCID_B), text);
        assertTrue(gauge(text, "gateway_partner_latency_p95_milliseconds", "gw-b", HCID_B) >= 0, text);
        assertTrue(gauge(text, "gateway_partner_error_ratio", "gw-d", HCID_D) > 0, text);
        assertTrue(gauge(text, "gateway_partner_consecutive_failures", "gw-d", HCID_D) >= 1, text);
        assertTrue(text.contains("# TYPE gateway_partner_breaker_state gauge"), text);
    }

    /**
     * The value of gauge {@code name} for one partner in Prometheus text format, for example
     * {@code gateway_partner_calls{community="urn:oid:...",mp_scope="application",partner="gw-b",} 3.0}.
     */
    static double gauge(String prometheusText, String name, String partner, String community) {
        List<Double> values = prometheusText.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("partner=\"" + partner + "\"")
                        && l.contains("community=\"" + community + "\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .toList();
        assertEquals(1, values.size(), () -> name + " of " + partner + " in:\n" + prometheusText);
        return values.get(0);
    }
}
