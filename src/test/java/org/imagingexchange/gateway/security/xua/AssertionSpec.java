// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import org.imagingexchange.gateway.community.CodedValue;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
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
import org.opensaml.saml.saml2.core.KeyInfoConfirmationDataType;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.OneTimeUse;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * A baseline valid XUA assertion (CATALOGUE section 0: SAML 2.0, RSA-SHA256, exc-c14n,
 * enveloped, bearer, Conditions with audience, AuthnStatement, XSPA attributes) built and
 * signed with OpenSAML's builders and {@link Signer} and a real key; every field can be changed
 * before building, and {@link #beforeSigning} mutates the DOM so that hostile content is
 * validly signed.
 */
final class AssertionSpec {
    String id = "_" + UUID.randomUUID();
    String version = "2.0";
    String issuer;
    String nameId = "dr.house@hospital-a.example";
    String spProvidedId = "GH";
    Instant issueInstant = Instant.now().minusSeconds(5);
    Instant notBefore = issueInstant;
    Instant notOnOrAfter = Instant.now().plus(Duration.ofMinutes(5));
    boolean conditions = true;
    List<List<String>> audienceRestrictions = new ArrayList<>(List.of(List.of(XuaFixture.OUR_HCID)));
    boolean oneTimeUse;
    boolean authnStatement = true;
    String confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    String recipient;
    Instant confirmationNotBefore;
    Instant confirmationNotOnOrAfter;
    X509Certificate holderOfKey;
    String subjectId = "Gregory House";
    List<String> organizations = List.of("Hospital A");
    List<String> organizationIds = List.of("urn:oid:1.3.6.1.4.1.21367.2026.2.1.9");
    String homeCommunityId;
    List<CodedValue> roles = List.of(XuaFixture.PHYSICIAN);
    List<CodedValue> purposesOfUse = List.of(XuaFixture.TREATMENT);
    String resourceId = XuaFixture.PATIENT;
    TestKeys signer;
    String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
    String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;
    boolean keyInfo = true;
    final List<Consumer<Element>> beforeSigning = new ArrayList<>();

    AssertionSpec mutateBeforeSigning(Consumer<Element> mutation) {
        beforeSigning.add(mutation);
        return this;
    }

    /** Builds, marshals, applies the DOM mutations and signs; the element lives in its own document. */
    Element build() {
        OpenSaml.initialize();
        try {
            Assertion a = make(Assertion.DEFAULT_ELEMENT_NAME);
            a.setID(id);
            a.setVersion(SAMLVersion.valueOf(version));
            a.setIssueInstant(issueInstant);
            Issuer i = make(Issuer.DEFAULT_ELEMENT_NAME);
            i.setValue(issuer);
            a.setIssuer(i);
            a.setSubject(subject());
            if (conditions) {
                a.setConditions(conditions());
            }
            if (authnStatement) {
                a.getAuthnStatements().add(authn());
            }
            a.getAttributeStatements().add(attributes());
            Signature sig = make(Signature.DEFAULT_ELEMENT_NAME);
            sig.setSigningCredential(new BasicX509Credential(signer.certificate(), signer.privateKey()));
            sig.setSignatureAlgorithm(signatureAlgorithm);
            sig.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            if (keyInfo) {
                KeyInfo ki = make(KeyInfo.DEFAULT_ELEMENT_NAME);
                KeyInfoSupport.addCertificate(ki, signer.certificate());
                sig.setKeyInfo(ki);
            }
            a.setSignature(sig);
            ((SAMLObjectContentReference) sig.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
            Element element = XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(a).marshall(a);
            beforeSigning.forEach(m -> m.accept(element));
            Signer.signObject(sig);
            return element;
        } catch (Exception e) {
            throw new IllegalStateException("building the test assertion failed", e);
        }
    }

    private Subject subject() throws Exception {
        Subject s = make(Subject.DEFAULT_ELEMENT_NAME);
        NameID n = make(NameID.DEFAULT_ELEMENT_NAME);
        n.setValue(nameId);
        n.setFormat(NameID.EMAIL);
        n.setSPProvidedID(spProvidedId);
        s.setNameID(n);
        if (confirmationMethod != null) {
            SubjectConfirmation sc = make(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
            sc.setMethod(confirmationMethod.isEmpty() ? null : confirmationMethod);
            SubjectConfirmationData data = null;
            if (holderOfKey != null) {
                KeyInfoConfirmationDataType k = (KeyInfoConfirmationDataType) builders()
                        .getBuilder(KeyInfoConfirmationDataType.TYPE_NAME)
                        .buildObject(SubjectConfirmationData.DEFAULT_ELEMENT_NAME, KeyInfoConfirmationDataType.TYPE_NAME);
                KeyInfo ki = make(KeyInfo.DEFAULT_ELEMENT_NAME);
                KeyInfoSupport.addCertificate(ki, holderOfKey);
                k.getKeyInfos().add(ki);
                data = k;
            } else if (recipient != null || confirmationNotBefore != null || confirmationNotOnOrAfter != null) {
                data = make(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
            }
            if (data != null) {
                data.setRecipient(recipient);
                data.setNotBefore(confirmationNotBefore);
                data.setNotOnOrAfter(confirmationNotOnOrAfter);
                sc.setSubjectConfirmationData(data);
            }
            s.getSubjectConfirmations().add(sc);
        }
        return s;
    }

    private Conditions conditions() {
        Conditions c = make(Conditions.DEFAULT_ELEMENT_NAME);
        c.setNotBefore(notBefore);
        c.setNotOnOrAfter(notOnOrAfter);
        for (List<String> audiences : audienceRestrictions) {
            AudienceRestriction r = make(AudienceRestriction.DEFAULT_ELEMENT_NAME);
            for (String uri : audiences) {
                Audience au = make(Audience.DEFAULT_ELEMENT_NAME);
                au.setURI(uri);
                r.getAudiences().add(au);
            }
            c.getAudienceRestrictions().add(r);
        }
        if (oneTimeUse) {
            c.getConditions().add((OneTimeUse) make(OneTimeUse.DEFAULT_ELEMENT_NAME));
        }
        return c;
    }

    private AuthnStatement authn() {
        AuthnStatement s = make(AuthnStatement.DEFAULT_ELEMENT_NAME);
        s.setAuthnInstant(issueInstant);
        AuthnContext ctx = make(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef ref = make(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        ref.setURI(AuthnContext.PPT_AUTHN_CTX);
        ctx.setAuthnContextClassRef(ref);
        s.setAuthnContext(ctx);
        return s;
    }

    private AttributeStatement attributes() {
        AttributeStatement st = make(AttributeStatement.DEFAULT_ELEMENT_NAME);
        XspaStatements.text(st, "urn:oasis:names:tc:xspa:1.0:subject:subject-id", subjectId == null ? List.of() : List.of(subjectId));
        XspaStatements.text(st, "urn:oasis:names:tc:xspa:1.0:subject:organization", organizations);
        XspaStatements.text(st, "urn:oasis:names:tc:xspa:1.0:subject:organization-id", organizationIds);
        XspaStatements.text(st, "urn:ihe:iti:xca:2010:homeCommunityId", homeCommunityId == null ? List.of() : List.of(homeCommunityId));
        XspaStatements.coded(st, "urn:oasis:names:tc:xacml:2.0:subject:role", "Role", roles);
        XspaStatements.coded(st, "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse", "PurposeOfUse", purposesOfUse);
        XspaStatements.text(st, "urn:oasis:names:tc:xacml:2.0:resource:resource-id", resourceId == null ? List.of() : List.of(resourceId));
        return st;
    }

    private static XMLObjectBuilderFactory builders() {
        return XMLObjectProviderRegistrySupport.getBuilderFactory();
    }

    @SuppressWarnings("unchecked")
    private static <T> T make(QName name) {
        return (T) builders().getBuilder(name).buildObject(name);
    }
}
