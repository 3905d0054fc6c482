// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_A;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_B;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_C;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_D;
import static org.imagingexchange.gateway.xca.initiating.FederationPki.ISSUER_A;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.imagingexchange.gateway.community.OutboundAssertionMode;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * ITI-18 fan-out over mutual TLS to stub Responding Gateways: merging, homeCommunityIds, patient
 * id translation, signed assertions, deadlines, dead partners, missing home, dropped
 * XDSUnknownPatientId, partners without link, routing by home.
 */
class FanOutTest {
    static final String LOCAL_ID = "IIG-DEPT1021";
    StubPartner b;
    StubPartner c;
    Rig rig;

    @BeforeEach
    void start() throws Exception {
        b = StubPartner.of("gw-b", HCID_B);
        c = StubPartner.of("gw-c", HCID_C);
        b.queryAnswer = env -> answerFor(env, HCID_B, b.repositoryUniqueId, 1);
        c.queryAnswer = env -> answerFor(env, HCID_C, c.repositoryUniqueId, 2);
        rig = new Rig().partner(b, "gw-b", Duration.ofSeconds(5)).partner(c, "gw-c", Duration.ofSeconds(5))
                .link(LOCAL_ID, HCID_B, "B-7", "1.3.6.1.4.1.21367.2026.2.3")
                .link(LOCAL_ID, HCID_C, "C-9", "1.3.6.1.4.1.21367.2026.3.3");
        rig.localQuery = q -> {
            QueryResponse r = new QueryResponse(Status.SUCCESS);
            r.getDocumentEntries().add(StubResponses.kos(null, "1.3.6.1.4.1.21367.2026.1.2", LOCAL_ID, ISSUER_A,
                    "1.2.3.1", "MR"));
            return r;
        };
    }

    @AfterEach
    void stop() {
        rig.close();
        b.close();
        c.close();
    }

    /** Each stub answers with {@code n} entries for the patient id it was asked about. */
    static String answerFor(String envelope, String home, String repository, int n) {
        String[] pid = StubResponses.patientOf(envelope);
        if (pid == null) {
            return StubResponses.emptyQueryResponse();
        }
        List<DocumentEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(StubResponses.kos(home, repository, pid[0], pid[1], "1.2.3." + repository + "." + i, "CT"));
        }
        return StubResponses.queryResponse(entries);
    }

    static QueryRegistry findDocuments(String localId) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new Identifiable(localId, new AssigningAuthority(ISSUER_A)));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        return new QueryRegistry(q, QueryReturnType.LEAF_CLASS);
    }

    static Map<String, Long> byHome(QueryResponse r) {
        return r.getDocumentEntries().stream().collect(Collectors.groupingBy(DocumentEntry::getHomeCommunityId,
                Collectors.counting()));
    }

    static List<ErrorInfo> errors(QueryResponse r, ErrorCode code) {
        return r.getErrors().stream().filter(e -> e.getErrorCode() == code).toList();
    }

    @Test
    void mergesLocalAndPartnersEachAskedWithItsOwnPatientIdAndASignedAssertion() throws Exception {
        rig.start();
        QueryResponse r = rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM).response();

        assertEquals(Status.SUCCESS, r.getStatus(), () -> r.getErrors().toString());
        assertEquals(Map.of(HCID_A, 1L, HCID_B, 1L, HCID_C, 2L), byHome(r));
        StubPartner.Received atB = b.received("iti38").get(0);
        assertArrayEquals(new String[] {"B-7", "1.3.6.1.4.1.21367.2026.2.3"}, StubResponses.patientOf(atB.envelope()));
        assertArrayEquals(new String[] {"C-9", "1.3.6.1.4.1.21367.2026.3.3"},
                StubResponses.patientOf(c.received("iti38").get(0).envelope()));
        assertTrue(atB.client().getSubjectX500Principal().getName().contains("CN=gw-a"), "mutual TLS as node A");
        assertTrue(atB.envelope().contains("urn:ihe:iti:2007:CrossGatewayQuery<"), "ITI-38 action");
        rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM);
        assertEquals(atB.remotePort(), b.received("iti38").get(1).remotePort(), "the TLS connection is kept alive");
        XuaPrincipal p = Rig.validateAtPartner(atB, HCID_B);
        assertEquals(HCID_A, p.homeCommunityId());
        assertEquals("B-7^^^&1.3.6.1.4.1.21367.2026.2.3&ISO", p.resourceId());
    }

    @Test
    void slowPartnerIsAbandonedAtItsDeadline() throws Exception {
        Duration deadline = Duration.ofSeconds(3);
        rig.partners.clear();
        rig.partner(b, "gw-b", Duration.ofSeconds(10)).partner(c, "gw-c", deadline);
        rig.start();
        rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM); // untimed: a gateway that has served before
        c.delay = Duration.ofSeconds(9);
        long t0 = System.nanoTime();
        CrossCommunityQuery.Result result = rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        QueryResponse r = result.response();
        assertTrue(millis <= deadline.toMillis() * 11 / 10, "answered after " + millis + " ms");
        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(Map.of(HCID_A, 1L, HCID_B, 1L), byHome(r));
        List<ErrorInfo> unavailable = errors(r, ErrorCode.UNAVAILABLE_COMMUNITY);
        assertEquals(1, unavailable.size());
        assertEquals(HCID_C, unavailable.get(0).getLocation());
        assertEquals(CommunityOutcome.Status.UNAVAILABLE, outcomeOf(result, HCID_C).status());
        HealthSnapshot health = rig.connections.health(rig.connections.byHomeCommunityId(HCID_C).orElseThrow());
        assertEquals(2, health.calls());
        assertEquals(0.5, health.errorRate(), 1e-9);
    }

    @Test
    void deadPartnerIsUnavailableAndTheRestIsAPartialSuccess() throws Exception {
        int closed = GatewayServer.freePort();
        rig.partner("gw-d", HCID_D, URI.create("https://127.0.0.1:" + closed + "/"), Rig.limits(Duration.ofSeconds(5)),
                OutboundAssertionMode.ISSUE).link(LOCAL_ID, HCID_D, "D-1", "1.3.6.1.4.1.21367.2026.4.3").start();
        CrossCommunityQuery.Result result = rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM);

        assertEquals(Status.PARTIAL_SUCCESS, result.response().getStatus());
        assertEquals(HCID_D, errors(result.response(), ErrorCode.UNAVAILABLE_COMMUNITY).get(0).getLocation());
        assertEquals(4, result.response().getDocumentEntries().size());
        assertTrue(outcomeOf(result, HCID_D).millis() < 2_000, "a refused connection fails at once");
    }

    @Test
    void nothingAnsweredIsAFailure() throws Exception {
        rig.partners.clear();
        rig.partner("gw-d", HCID_D, URI.create("https://127.0.0.1:" + GatewayServer.freePort() + "/"),
                Rig.limits(Duration.ofSeconds(5)), OutboundAssertionMode.ISSUE)
                .link(LOCAL_ID, HCID_D, "D-1", "1.3.6.1.4.1.21367.2026.4.3");
        rig.localQuery = q -> {
            throw new IllegalStateException("database down");
        };
        rig.start();
        QueryResponse r = rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM).response();
        assertEquals(Status.FAILURE, r.getStatus());
        assertEquals(2, errors(r, ErrorCode.UNAVAILABLE_COMMUNITY).size());
    }

    @Test
    void objectsWithoutHomeAreRefusedWithXdsMissingHomeCommunityId() throws Exception {
        b.queryAnswer = env -> answerFor(env, null, b.repositoryUniqueId, 2);
        rig.start();
        QueryResponse r = rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM).response();

        assertEquals(Status.PARTIAL_SUCCESS, r.getStatus());
        assertEquals(Map.of(HCID_A, 1L, HCID_C, 2L), byHome(r));
        List<ErrorInfo> missing = errors(r, ErrorCode.MISSING_HOME_COMMUNITY_ID);
        assertEquals(1, missing.size());
        assertEquals(HCID_B, missing.get(0).getLocation());
    }

    @Test
    void unknownPatientFromAPartnerIsDropped() throws Exception {
        c.queryAnswer = env -> StubResponses.unknownPatient(HCID_C);
        rig.start();
        QueryResponse r = rig.query.query(findDocuments(LOCAL_ID), Requester.SYSTEM).response();
        assertTrue(r.getErrors().isEmpty(), () -> r.getErrors().toString());
        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(Map.of(HCID_A, 1L, HCID_B, 1L), byHome(r));
    }

    @Test
    void partnersThatDoNotKnowThePatientAreNotAsked() throws Exception {
        rig.start();
        QueryResponse r = rig.query.query(findDocuments("SOMEONE-ELSE"), Requester.SYSTEM).response();
        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(Map.of(HCID_A, 1L), byHome(r));
        assertEquals(0, b.queries.get() + c.queries.get());
    }

    @Test
    void queryByObjectGoesToTheCommunityOfItsHome() throws Exception {
        rig.start();
        GetDocumentsQuery get = new GetDocumentsQuery();
        get.setUniqueIds(List.of("1.2.3"));
        get.setHomeCommunityId(HCID_C);
        QueryResponse r = rig.query.query(new QueryRegistry(get, QueryReturnType.LEAF_CLASS), Requester.SYSTEM)
                .response();
        assertEquals(Status.SUCCESS, r.getStatus());
        assertEquals(1, c.queries.get());
        assertEquals(0, b.queries.get());
        assertTrue(c.received("iti38").get(0).envelope().contains("home=\"" + HCID_C + "\""), "AdhocQuery@home");

        get.setHomeCommunityId("urn:oid:1.2.3.4.5");
        QueryResponse unknown = rig.query.query(new QueryRegistry(get, QueryReturnType.LEAF_CLASS), Requester.SYSTEM)
                .response();
        assertEquals(Status.FAILURE, unknown.getStatus());
        assertEquals("urn:oid:1.2.3.4.5", errors(unknown, ErrorCode.UNKNOWN_COMMUNITY).get(0).getLocation());
    }

    @Test
    void forwardModeSendsTheUsersAssertionOnlyWhenItsAudienceAllows() throws Exception {
        rig.partners.clear();
        rig.partner("gw-b", HCID_B, b.url(""), Rig.limits(Duration.ofSeconds(5)), OutboundAssertionMode.FORWARD)
                .partner("gw-c", HCID_C, c.url(""), Rig.limits(Duration.ofSeconds(5)), OutboundAssertionMode.FORWARD)
                .start();
        // the user's assertion as a local X-Assertion Provider issued it: audience community B only
        AssertionIssuer localIdp = AssertionIssuer.load(rig.settings);
        org.w3c.dom.Element userAssertion = localIdp.issue(Requester.SYSTEM, HCID_B, null);
        String userAssertionId = userAssertion.getAttribute("ID");
        rig.query.query(findDocuments(LOCAL_ID), new Requester(null, userAssertion));

        String atB = b.received("iti38").get(0).envelope();
        String atC = c.received("iti38").get(0).envelope();
        assertTrue(atB.contains(userAssertionId), "B got the user's assertion unchanged");
        Rig.validateAtPartner(b.received("iti38").get(0), HCID_B);
        assertTrue(!atC.contains(userAssertionId) && atC.contains("Assertion"), "C got one issued for it");
        XuaPrincipal atCPrincipal = Rig.validateAtPartner(c.received("iti38").get(0), HCID_C);
        assertNotEquals(userAssertionId, atCPrincipal.assertionId());
    }

    static CommunityOutcome outcomeOf(CrossCommunityQuery.Result r, String hcid) {
        return r.outcomes().stream().filter(o -> o.homeCommunityId().equals(hcid)).findFirst().orElseThrow();
    }
}
