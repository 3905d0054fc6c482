// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.security.tls.NodeTlsClient;
import org.imagingexchange.gateway.security.xua.OpenSaml;
import org.imagingexchange.gateway.security.xua.XspaStatements;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;
import org.imagingexchange.gateway.soap.SecurityHeaderInterceptor;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * The gateway as X-Assertion Provider for its outbound calls (ITI-40, outbound mode
 * {@code issue}): a SAML 2.0 assertion signed with the community's signing key (RSA-SHA256,
 * exclusive c14n, enveloped), bearer confirmation, audience = the partner's homeCommunityId,
 * valid for five minutes from its IssueInstant (= NotBefore), an AuthnStatement and the XSPA
 * attributes of the local user when one is known, else of the gateway itself.
 *
 * <pre>
 * AssertionIssuer issuer = AssertionIssuer.load(settings);     // null without GATEWAY_SAML_KEYSTORE
 * Element assertion = issuer.issue(requester, partner.homeCommunityId(), "PID^^^&amp;1.2&amp;ISO");
 * </pre>
 */
public final class AssertionIssuer {
    static final Duration VALIDITY = SecurityHeaderInterceptor.TIMESTAMP_VALIDITY;
    static final CodedValue TREATMENT = new CodedValue("TREATMENT", "2.16.840.1.113883.3.18.7.1", "nhin-purpose",
            "Treatment");
    /** SNOMED CT 'Health professional', the structural role stated for the gateway acting for its community. */
    static final CodedValue SYSTEM_ROLE = new CodedValue("223366009", "2.16.840.1.113883.6.96", "SNOMED_CT",
            "Healthcare professional");

    private final BasicX509Credential credential;
    private final InitiatingSettings settings;

    public AssertionIssuer(X509Certificate certificate, PrivateKey key, InitiatingSettings settings) {
        this.credential = new BasicX509Credential(certificate, key);
        this.settings = settings;
    }

    /** The issuer of the configured signing key store, or null when none is configured. */
    public static AssertionIssuer load(InitiatingSettings s) {
        Path file = s.samlKeyStore();
        if (file == null) {
            return null;
        }
        try {
            char[] password = NodeTlsClient.chars(s.samlKeyStorePassword());
            KeyStore ks = NodeTlsClient.load(file, password);
            String alias = ks.isKeyEntry("saml") ? "saml" : Collections.list(ks.aliases()).stream()
                    .filter(a -> isKey(ks, a)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no private key in " + file));
            return new AssertionIssuer((X509Certificate) ks.getCertificate(alias),
                    (PrivateKey) ks.getKey(alias, password), s);
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the SAML signing key store " + file + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return credential.getEntityCertificate();
    }

    /**
     * A new signed assertion for one call to the community {@code audience}.
     *
     * @param requester  the local user (attributes copied from the verified principal) or SYSTEM
     * @param resourceId the patient the call is about, as CX in the partner's domain, or null
     */
    public Element issue(Requester requester, String audience, String resourceId) {
        OpenSaml.initialize();
        XuaPrincipal user = requester.principal();
        Instant now = Instant.now();
        try {
            Assertion a = XspaStatements.make(Assertion.DEFAULT_ELEMENT_NAME);
            a.setID("_" + UUID.randomUUID());
            a.setVersion(SAMLVersion.VERSION_20);
            a.setIssueInstant(now);
            Issuer issuer = XspaStatements.make(Issuer.DEFAULT_ELEMENT_NAME);
            issuer.setValue(settings.samlIssuer());
            a.setIssuer(issuer);
            a.setSubject(subject(user));
            a.setConditions(conditions(now, audience));
            a.getAuthnStatements().add(authn(now, user));
            a.getAttributeStatements().add(attributes(user, resourceId));
            Signature sig = XspaStatements.make(Signature.DEFAULT_ELEMENT_NAME);
            sig.setSigningCredential(credential);
            sig.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
            sig.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            KeyInfo ki = XspaStatements.make(KeyInfo.DEFAULT_ELEMENT_NAME);
            KeyInfoSupport.addCertificate(ki, credential.getEntityCertificate());
            sig.setKeyInfo(ki);
            a.setSignature(sig);
            Element element = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(a).marshall(a);
            Signer.signObject(sig);
            return element;
        } catch (Exception e) {
            throw new IllegalStateException("issuing the outbound assertion failed: " + e.getMessage(), e);
        }
    }

    private Subject subject(XuaPrincipal user) {
        Subject s = XspaStatements.make(Subject.DEFAULT_ELEMENT_NAME);
        NameID n = XspaStatements.make(NameID.DEFAULT_ELEMENT_NAME);
        if (user != null) {
            n.setValue(user.nameId());
            n.setSPProvidedID(user.spProvidedId());
        } else {
            n.setValue(settings.samlIssuer());
            n.setFormat(NameID.ENTITY);
        }
        s.setNameID(n);
        SubjectConfirmation sc = XspaStatements.make(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        sc.setMethod(SubjectConfirmation.METHOD_BEARER);
        s.getSubjectConfirmations().add(sc);
        return s;
    }

    private static Conditions conditions(Instant now, String audience) {
        Conditions c = XspaStatements.make(Conditions.DEFAULT_ELEMENT_NAME);
        c.setNotBefore(now);
        c.setNotOnOrAfter(now.plus(VALIDITY));
        AudienceRestriction r = XspaStatements.make(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        Audience au = XspaStatements.make(Audience.DEFAULT_ELEMENT_NAME);
        au.setURI(audience);
        r.getAudiences().add(au);
        c.getAudienceRestrictions().add(r);
        return c;
    }

    private static AuthnStatement authn(Instant now, XuaPrincipal user) {
        AuthnStatement s = XspaStatements.make(AuthnStatement.DEFAULT_ELEMENT_NAME);
        s.setAuthnInstant(now);
        AuthnContext ctx = XspaStatements.make(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef ref = XspaStatements.make(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        // the gateway authenticates to the partner with its X.509 node certificate (mutual TLS)
        ref.setURI(user == null ? AuthnContext.X509_AUTHN_CTX : AuthnContext.UNSPECIFIED_AUTHN_CTX);
        ctx.setAuthnContextClassRef(ref);
        s.setAuthnContext(ctx);
        return s;
    }

    private AttributeStatement attributes(XuaPrincipal user, String resourceId) {
        AttributeStatement st = XspaStatements.make(AttributeStatement.DEFAULT_ELEMENT_NAME);
        String subjectId = user != null && user.subjectId() != null ? user.subjectId() : settings.organization();
        XspaStatements.text(st, "urn:oasis:names:tc:xspa:1.0:subject:subject-id", List.of(subjectId));
        XspaStatements.text(st, "urn:oasis:names:tc:xspa:1.0:subject:organization",
                user != null && !user.organizations().isEmpty() ? user.organizations() : List.of(settings.organization()));
        XspaStatements.text(st, "urn:oasis:names:tc:xspa:1.0:subject:organization-id",
                user != null && !user.organizationIds().isEmpty() ? user.organizationIds()
                        : List.of(settings.organizationId()));
        XspaStatements.text(st, "urn:ihe:iti:xca:2010:homeCommunityId", List.of(settings.homeCommunityId()));
        XspaStatements.coded(st, "urn:oasis:names:tc:xacml:2.0:subject:role", "Role",
                user != null && !user.roles().isEmpty() ? user.roles() : List.of(SYSTEM_ROLE));
        XspaStatements.coded(st, "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse", "PurposeOfUse",
                user != null && !user.purposesOfUse().isEmpty() ? user.purposesOfUse() : List.of(TREATMENT));
        if (resourceId != null) {
            XspaStatements.text(st, "urn:oasis:names:tc:xacml:2.0:resource:resource-id", List.of(resourceId));
        }
        return st;
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
