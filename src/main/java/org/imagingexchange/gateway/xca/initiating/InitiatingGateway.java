// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Clock;
import java.util.logging.Logger;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.xds.community.LocalCommunity;

/**
 * The initiating side assembled once at start (XCA Initiating Gateway, XCA-I Initiating Imaging
 * Gateway): partner connections, outbound XUA, the fan-out query, the routed retrieves and the
 * console's outside-studies view. The endpoints and REST resources take their services from here.
 *
 * <pre>
 * InitiatingGateway ig = InitiatingGateway.start(settings, directory, local, patientIds, audit);
 * new Iti18InitiatingEndpoint(ig.query());
 * ...
 * ig.close();
 * </pre>
 */
public final class InitiatingGateway implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InitiatingGateway.class.getName());

    private final PartnerConnections partners;
    private final CrossCommunityQuery query;
    private final CrossCommunityRetrieve retrieve;
    private final OutsideStudies outsideStudies;

    private InitiatingGateway(PartnerConnections partners, CrossCommunityQuery query, CrossCommunityRetrieve retrieve,
                              OutsideStudies outsideStudies) {
        this.partners = partners;
        this.query = query;
        this.retrieve = retrieve;
        this.outsideStudies = outsideStudies;
    }

    public static InitiatingGateway start(InitiatingSettings settings, PartnerDirectory directory, LocalCommunity local,
                                          PartnerPatientIds patientIds, Auditor auditor) {
        AssertionIssuer issuer = AssertionIssuer.load(settings);
        PartnerConnections partners = new PartnerConnections(directory, settings, new OutboundAssertions(issuer),
                Clock.systemUTC(), auditor);
        partners.warmUpInBackground();
        CrossCommunityQuery query = new CrossCommunityQuery(local, partners, patientIds, auditor);
        CrossCommunityRetrieve retrieve = new CrossCommunityRetrieve(local, partners, auditor);
        LOG.info(() -> "XCA-IG-002 initiating gateway: " + directory.partners().stream().filter(p -> p.enabled())
                .count() + " enabled partner(s); outbound assertions " + (issuer == null ? "not issued (no "
                + "GATEWAY_SAML_KEYSTORE)" : "issued as " + settings.samlIssuer()) + "; " + settings);
        return new InitiatingGateway(partners, query, retrieve,
                new OutsideStudies(query, retrieve, settings.patientIdIssuer()));
    }

    public PartnerConnections partners() {
        return partners;
    }

    public CrossCommunityQuery query() {
        return query;
    }

    public CrossCommunityRetrieve retrieve() {
        return retrieve;
    }

    public OutsideStudies outsideStudies() {
        return outsideStudies;
    }

    @Override
    public void close() {
        partners.close();
    }
}
