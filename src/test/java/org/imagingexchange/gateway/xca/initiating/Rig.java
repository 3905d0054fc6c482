// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import static org.imagingexchange.gateway.xca.initiating.FederationPki.HCID_A;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.CodeSet;
import org.imagingexchange.gateway.community.OutboundAssertionMode;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.community.PartnerEndpoints;
import org.imagingexchange.gateway.community.PartnerLimits;
import org.imagingexchange.gateway.community.SamlIssuer;
import org.imagingexchange.gateway.community.TlsIdentity;
import org.imagingexchange.gateway.security.xua.AssertionValidator;
import org.imagingexchange.gateway.security.xua.InMemoryReplayCache;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.imagingexchange.gateway.security.xua.XuaRequest;
import org.imagingexchange.gateway.security.xua.XuaSettings;
import org.imagingexchange.gateway.soap.SecurityHeaderInterceptor;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Our initiating gateway (community A) assembled in the test JVM from its real parts, in front of
 * stub partners over mutual TLS: partner directory, links and local community are the test's.
 */
final class Rig implements AutoCloseable {
    final List<Partner> partners = new ArrayList<>();
    final Map<String, List<PartnerPatientId>> links = new HashMap<>();
    final MutableClock clock = new MutableClock();
    Function<QueryRegistry, QueryResponse> localQuery = q -> new QueryResponse(Status.SUCCESS);
    Function<RetrieveDocumentSet, RetrievedDocumentSet> localRetrieve = r -> new RetrievedDocumentSet(Status.SUCCESS);
    Function<RetrieveImagingDocumentSet, RetrievedDocumentSet> localImages = r -> new RetrievedDocumentSet(Status.SUCCESS);
    InitiatingSettings settings;
    Auditor auditor = Auditor.NONE;
    PartnerConnections connections;
    CrossCommunityQuery query;
    CrossCommunityRetrieve retrieve;

    Rig() throws Exception {
        settings = FederationPki.get().settingsOfA();
    }

    static PartnerLimits limits(Duration queryDeadline) {
        return new PartnerLimits(Duration.ofSeconds(2), Duration.ofSeconds(10), queryDeadline, 4);
    }

    /** A partner whose server is the lab node of community {@code name} (its certificate is the pinned TLS identity). */
    Rig partner(String name, String hcid, URI base, PartnerLimits limits, OutboundAssertionMode mode) throws Exception {
        return partner(name, hcid, base, limits, mode, FederationPki.get().tlsIdentity(name));
    }

    Rig partner(String name, String hcid, URI base, PartnerLimits limits, OutboundAssertionMode mode,
                TlsIdentity identity) {
        Partner.Builder b = Partner.builder(name, hcid)
                .endpoints(new PartnerEndpoints(base.resolve("/iti38"), base.resolve("/iti39"), base.resolve("/rad75")))
                .limits(limits).outboundAssertion(mode);
        if (identity != null) {
            b.tlsIdentity(identity);
        }
        partners.add(b.build());
        return this;
    }

    Rig partner(StubPartner stub, String name, Duration deadline) {
        return partner(name, stub.homeCommunityId, stub.url(""), limits(deadline), OutboundAssertionMode.ISSUE,
                stub.identity());
    }

    Rig link(String localId, String hcid, String partnerPatientId, String authority) {
        links.computeIfAbsent(localId, k -> new ArrayList<>()).add(new PartnerPatientId(hcid, partnerPatientId, authority));
        return this;
    }

    Rig start() {
        connections = new PartnerConnections(new PartnerDirectory(partners), settings,
                new OutboundAssertions(AssertionIssuer.load(settings), clock), clock, auditor);
        LocalCommunity local = new LocalCommunity() {
            @Override
            public String homeCommunityId() {
                return HCID_A;
            }

            @Override
            public QueryResponse query(QueryRegistry request) {
                return localQuery.apply(request);
            }

            @Override
            public RetrievedDocumentSet retrieve(RetrieveDocumentSet request) {
                return localRetrieve.apply(request);
            }

            @Override
            public RetrievedDocumentSet retrieveImages(RetrieveImagingDocumentSet request) {
                return localImages.apply(request);
            }
        };
        PartnerPatientIds ids = id -> links.getOrDefault(id, List.of());
        query = new CrossCommunityQuery(local, connections, ids, auditor);
        retrieve = new CrossCommunityRetrieve(local, connections, auditor);
        connections.warmUp();
        return this;
    }

    /**
     * Validates the assertion a stub received with the project's own XUA validator, as partner
     * {@code audience} would: signature by A's SAML key, audience, TLS client = A's node.
     */
    static XuaPrincipal validateAtPartner(StubPartner.Received r, String audience) throws Exception {
        FederationPki pki = FederationPki.get();
        X509Certificate saml = Certificates.parsePem(Files.readString(pki.community("gw-a").samlCertificate())).get(0);
        Partner a = Partner.builder("gw-a", HCID_A).samlIssuer(new SamlIssuer(HCID_A, List.of(saml)))
                .tlsIdentity(new TlsIdentity(r.client().getSubjectX500Principal(), null))
                .audience(audience).purposesOfUse(CodeSet.any()).roles(CodeSet.any()).build();
        AssertionValidator validator = new AssertionValidator(new PartnerDirectory(List.of(a)), XuaSettings.defaults(),
                new InMemoryReplayCache(), Clock.systemUTC());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(r.envelope())));
        Element security = (Element) doc.getElementsByTagNameNS(SecurityHeaderInterceptor.WSSE, "Security").item(0);
        return validator.validate(new XuaRequest(security, StubPartner.messageId(r.envelope()), r.client(), null, null));
    }

    @Override
    public void close() {
        if (connections != null) {
            connections.close();
        }
    }

    /** A clock the breaker tests move forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
