// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.community.SamlIssuer;
import org.imagingexchange.gateway.community.XspaAttribute;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;
import org.w3c.dom.Element;

/**
 * XUA X-Service Provider validation (ITI-40) of the SAML 2.0 assertion in a request's
 * wsse:Security header, with OpenSAML 4 on the DOM and no SOAP stack types:
 * <ol>
 *   <li>header shape ({@link SecurityHeader}): one header, one assertion, one wsu:Timestamp,
 *       fresh ({@link WsuTimestamp}); a WS-Addressing MessageID;</li>
 *   <li>raw DOM: size limits, no comments, one signature, unique IDs ({@link AssertionShape});
 *       allowed signature forms and algorithms ({@link SignatureRules});</li>
 *   <li>unmarshalled once; the issuer's partner from the directory; the signature verified with
 *       that issuer's configured keys ({@link AssertionSignature}). Everything after is read
 *       from this same object, never again from the header;</li>
 *   <li>times, conditions, audience, AuthnStatement ({@link AssertionConditions}); subject and
 *       confirmation ({@link SubjectConfirmations}); the TLS client belongs to the same partner;
 *       XSPA attributes ({@link XspaAttributes}) and those the partner requires;</li>
 *   <li>replay: the MessageID (and a OneTimeUse assertion's ID) not seen before.</li>
 * </ol>
 *
 * <pre>
 * AssertionValidator v = new AssertionValidator(directory, XuaSettings.defaults(), replayCache, Clock.systemUTC());
 * XuaPrincipal user = v.validate(new XuaRequest(securityElement, messageId, tlsCert, null, url));
 * </pre>
 */
public final class AssertionValidator {
    private static final int MAX_MESSAGE_ID = 256;

    private final PartnerDirectory directory;
    private final XuaSettings settings;
    private final ReplayCache replay;
    private final Clock clock;

    public AssertionValidator(PartnerDirectory directory, XuaSettings settings, ReplayCache replay, Clock clock) {
        this.directory = directory;
        this.settings = settings;
        this.replay = replay;
        this.clock = clock;
    }

    public PartnerDirectory directory() {
        return directory;
    }

    public XuaPrincipal validate(XuaRequest request) throws XuaRejection {
        OpenSaml.initialize();
        Claims claims = new Claims();
        try {
            return validate(request, claims);
        } catch (XuaRejection e) {
            throw e.with(claims.toClaimed());
        } catch (ReplayCache.ReplayCacheException e) {
            throw new XuaRejection(XuaFailure.INTERNAL, e.getMessage(), claims.toClaimed());
        } catch (RuntimeException e) {
            throw new XuaRejection(XuaFailure.MALFORMED_ASSERTION, "unexpected " + e.getClass().getSimpleName()
                    + " while validating", claims.toClaimed());
        }
    }

    private XuaPrincipal validate(XuaRequest request, Claims claims) throws XuaRejection {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        SecurityHeader header = SecurityHeader.read(request.securityHeader());
        Instant rememberUntil = header.timestamp().check(now, skew, settings.timestampMaxAge());
        String messageId = request.messageId() == null ? "" : request.messageId().strip();
        if (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID) {
            throw new XuaRejection(XuaFailure.MESSAGE_ID, "WS-Addressing MessageID missing or longer than " + MAX_MESSAGE_ID);
        }
        Element element = header.assertion();
        Element signature = AssertionShape.check(element);
        AssertionShape.checkUniqueIds(element);
        SignatureRules.check(element, signature);

        Assertion assertion = unmarshal(element);
        claims.assertionId = assertion.getID();
        if (assertion.getVersion() == null || !SAMLVersion.VERSION_20.equals(assertion.getVersion())) {
            throw new XuaRejection(XuaFailure.UNSUPPORTED_TOKEN, "assertion Version " + assertion.getVersion());
        }
        if (assertion.getID() == null || assertion.getID().isBlank()) {
            throw new XuaRejection(XuaFailure.MALFORMED_ASSERTION, "assertion without ID");
        }
        String issuerId = issuer(assertion);
        claims.issuer = issuerId;
        Partner partner = directory.bySamlIssuer(issuerId).orElseThrow(() -> new XuaRejection(
                XuaFailure.UNKNOWN_ISSUER, "issuer '" + issuerId + "' is not in the partner directory"));
        claims.partner = partner.name();
        SamlIssuer samlIssuer = partner.samlIssuer(issuerId);
        AssertionSignature.verify(assertion, samlIssuer, now);

        boolean oneTimeUse = AssertionConditions.check(assertion, partner, now, skew);
        SubjectConfirmations.Result subject = SubjectConfirmations.check(assertion, partner,
                request.tlsClientCertificate(), request.endpointUrl(), now, skew);
        claims.subject = Dom.simpleText(subject.nameId().getDOM());
        checkTlsClient(partner, request.tlsClientCertificate());
        XspaAttributes xspa = XspaAttributes.read(assertion);
        for (XspaAttribute required : partner.requiredAttributes()) {
            if (!xspa.has(required)) {
                throw new XuaRejection(XuaFailure.ATTRIBUTES, "required attribute " + required.shortName()
                        + " missing for partner '" + partner.name() + "'");
            }
        }
        if (!replay.firstUse(key("message", partner.name(), messageId), partner.name(), rememberUntil, now)) {
            throw new XuaRejection(XuaFailure.REPLAY, "MessageID " + messageId + " was already used by partner '"
                    + partner.name() + "'");
        }
        Instant assertionExpires = assertion.getConditions().getNotOnOrAfter();
        if (oneTimeUse && !replay.firstUse(key("assertion", issuerId, assertion.getID()), partner.name(),
                assertionExpires.plus(skew), now)) {
            throw new XuaRejection(XuaFailure.REPLAY, "OneTimeUse assertion " + assertion.getID() + " used again");
        }
        return new XuaPrincipal(claims.subject, subject.nameId().getSPProvidedID(),
                xspa.single(XspaAttribute.SUBJECT_ID), xspa.texts(XspaAttribute.ORGANIZATION),
                xspa.texts(XspaAttribute.ORGANIZATION_ID), xspa.single(XspaAttribute.HOME_COMMUNITY_ID),
                xspa.codes(XspaAttribute.ROLE), xspa.codes(XspaAttribute.PURPOSE_OF_USE),
                xspa.single(XspaAttribute.RESOURCE_ID), issuerId, assertion.getID(), assertionExpires,
                subject.method(), messageId, partner);
    }

    private static Assertion unmarshal(Element element) throws XuaRejection {
        Unmarshaller u = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element);
        if (u == null) {
            throw new XuaRejection(XuaFailure.MALFORMED_ASSERTION, "no unmarshaller for " + Dom.name(element));
        }
        try {
            XMLObject object = u.unmarshall(element);
            if (object instanceof Assertion a) {
                return a;
            }
            throw new XuaRejection(XuaFailure.UNSUPPORTED_TOKEN, "not a SAML 2.0 assertion");
        } catch (UnmarshallingException e) {
            throw new XuaRejection(XuaFailure.MALFORMED_ASSERTION, "assertion cannot be read: " + e.getMessage());
        }
    }

    private static String issuer(Assertion assertion) throws XuaRejection {
        Issuer issuer = assertion.getIssuer();
        String value = issuer == null ? null : Dom.simpleText(issuer.getDOM());
        if (value == null || value.isEmpty()) {
            throw new XuaRejection(XuaFailure.UNKNOWN_ISSUER, "assertion without Issuer");
        }
        if (issuer.getFormat() != null && !NameIDType.ENTITY.equals(issuer.getFormat())) {
            throw new XuaRejection(XuaFailure.UNKNOWN_ISSUER, "Issuer Format " + issuer.getFormat() + " is not entity");
        }
        return value;
    }

    private void checkTlsClient(Partner issuerPartner, X509Certificate tlsClient) throws XuaRejection {
        if (tlsClient == null) {
            if (!issuerPartner.tlsIdentities().isEmpty()) {
                throw new XuaRejection(XuaFailure.TLS_IDENTITY, "partner '" + issuerPartner.name()
                        + "' must connect with mutual TLS; no client certificate");
            }
            return;
        }
        Optional<Partner> tlsPartner = directory.byTlsCertificate(tlsClient);
        if (tlsPartner.isEmpty()) {
            throw new XuaRejection(XuaFailure.TLS_IDENTITY, "TLS client " + tlsClient.getSubjectX500Principal().getName()
                    + " is no partner's identity");
        }
        if (tlsPartner.get() != issuerPartner) {
            throw new XuaRejection(XuaFailure.TLS_IDENTITY, "TLS client is partner '" + tlsPartner.get().name()
                    + "' but the assertion issuer belongs to partner '" + issuerPartner.name() + "'");
        }
    }

    static String key(String kind, String scope, String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((kind + "\n" + scope + "\n" + id)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the assertion claimed so far, for the audit record of a rejection. */
    private static final class Claims {
        String issuer;
        String partner;
        String assertionId;
        String subject;

        XuaRejection.Claimed toClaimed() {
            return new XuaRejection.Claimed(issuer, partner, assertionId, subject);
        }
    }
}
