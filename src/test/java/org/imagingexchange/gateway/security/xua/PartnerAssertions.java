// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.imagingexchange.gateway.community.CodedValue;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signed XUA assertions and wsse:Security headers for tests outside this package (integration
 * tests against a real gateway): the baseline assertion of {@link AssertionSpec}, issued by a
 * partner's X-Assertion Provider key (e.g. the SAML signing key {@code ./gateway certs} made).
 *
 * <pre>
 * Element assertion = PartnerAssertions.signed(issuer, key, cert, partnerHcid, ourHcid, "B-1^^^&amp;1.2.3&amp;ISO");
 * Element header = PartnerAssertions.securityHeader(assertion);   // with a fresh wsu:Timestamp
 * </pre>
 */
public final class PartnerAssertions {
    public static final CodedValue TREATMENT = new CodedValue("TREATMENT", "2.16.840.1.113883.3.18.7.1", "nhin-purpose",
            "Treatment");
    public static final CodedValue PHYSICIAN = new CodedValue("309343006", "2.16.840.1.113883.6.96", "SNOMED_CT",
            "Physician");

    private PartnerAssertions() {}

    /**
     * A bearer assertion by {@code issuer}, signed with {@code key} (RSA-SHA256), for the audience
     * {@code audience}, from community {@code homeCommunityId}, purpose TREATMENT, role physician,
     * and {@code resourceId} (a CX patient id, or null for none).
     */
    public static Element signed(String issuer, PrivateKey key, X509Certificate certificate, String homeCommunityId,
                                 String audience, String resourceId) {
        AssertionSpec s = new AssertionSpec();
        s.issuer = issuer;
        s.signer = new TestKeys(key, certificate);
        s.homeCommunityId = homeCommunityId;
        s.audienceRestrictions = List.of(List.of(audience));
        s.resourceId = resourceId;
        s.purposesOfUse = List.of(TREATMENT);
        s.roles = List.of(PHYSICIAN);
        return s.build();
    }

    /** A wsse:Security header (mustUnderstand) with a wsu:Timestamp valid for 5 minutes and the assertion. */
    public static Element securityHeader(Element assertion) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document d = f.newDocumentBuilder().newDocument();
            Element security = d.createElementNS(WssNames.WSSE, "wsse:Security");
            security.setAttributeNS(WssNames.SOAP12, "s:mustUnderstand", "true");
            Element timestamp = d.createElementNS(WssNames.WSU, "wsu:Timestamp");
            timestamp.setAttributeNS(WssNames.WSU, "wsu:Id", "TS-1");
            Element created = d.createElementNS(WssNames.WSU, "wsu:Created");
            created.setTextContent(Instant.now().minusSeconds(1).toString());
            Element expires = d.createElementNS(WssNames.WSU, "wsu:Expires");
            expires.setTextContent(Instant.now().plus(Duration.ofMinutes(5)).toString());
            timestamp.appendChild(created);
            timestamp.appendChild(expires);
            security.appendChild(timestamp);
            security.appendChild(d.importNode(assertion, true));
            d.appendChild(security);
            return security;
        } catch (Exception e) {
            throw new IllegalStateException("building the security header failed", e);
        }
    }
}
