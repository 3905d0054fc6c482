// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.SubjectConfirmationMethod;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.w3c.dom.Element;

/**
 * The saml2:Subject of an XUA assertion: a NameID (the principal; no BaseID or EncryptedID) and
 * SubjectConfirmations, each of a method the partner is configured for (ITI40-011):
 * <ul>
 *   <li>bearer: SubjectConfirmationData, if present, has no NotBefore, a NotOnOrAfter not passed
 *       and a Recipient that is one of our audiences or the addressed endpoint;</li>
 *   <li>holder-of-key: its KeyInfo names the certificate (or the key) of the TLS client, which
 *       therefore must have authenticated with mutual TLS.</li>
 * </ul>
 * Every confirmation must hold; sender-vouches and unknown methods are refused.
 */
final class SubjectConfirmations {
    private SubjectConfirmations() {}

    record Result(NameID nameId, SubjectConfirmationMethod method) {}

    static Result check(Assertion a, Partner partner, X509Certificate tlsClient, String endpointUrl,
                        Instant now, Duration skew) throws XuaRejection {
        Subject subject = a.getSubject();
        if (subject == null || subject.getNameID() == null) {
            throw new XuaRejection(XuaFailure.SUBJECT, "no Subject/NameID");
        }
        NameID nameId = subject.getNameID();
        String text = Dom.simpleText(nameId.getDOM());
        if (text == null || text.isEmpty()) {
            throw new XuaRejection(XuaFailure.SUBJECT, "NameID is empty or has element content");
        }
        List<SubjectConfirmation> confirmations = subject.getSubjectConfirmations();
        if (confirmations.isEmpty()) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "no SubjectConfirmation (ITI40-011)");
        }
        SubjectConfirmationMethod confirmed = null;
        for (SubjectConfirmation sc : confirmations) {
            String uri = sc.getMethod();
            if (uri == null || uri.isBlank()) {
                throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "SubjectConfirmation without Method");
            }
            SubjectConfirmationMethod method = SubjectConfirmationMethod.byUri(uri.strip()).orElseThrow(() ->
                    new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "confirmation method " + uri + " is not accepted"));
            if (!partner.subjectConfirmations().contains(method)) {
                throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "confirmation method " + method.shortName()
                        + " is not configured for partner '" + partner.name() + "'");
            }
            if (method == SubjectConfirmationMethod.BEARER) {
                bearer(sc.getSubjectConfirmationData(), partner, endpointUrl, now, skew);
            } else {
                holderOfKey(sc.getSubjectConfirmationData(), tlsClient);
            }
            confirmed = confirmed == null ? method : confirmed;
        }
        return new Result(nameId, confirmed);
    }

    private static void bearer(SubjectConfirmationData data, Partner partner, String endpointUrl,
                               Instant now, Duration skew) throws XuaRejection {
        if (data == null) {
            return;
        }
        if (data.getNotBefore() != null) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "bearer SubjectConfirmationData with NotBefore");
        }
        if (data.getNotOnOrAfter() != null && !now.isBefore(data.getNotOnOrAfter().plus(skew))) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "bearer SubjectConfirmationData/@NotOnOrAfter "
                    + data.getNotOnOrAfter() + " has passed");
        }
        String recipient = data.getRecipient();
        if (recipient != null && !partner.audiences().contains(recipient.strip())
                && !recipient.strip().equals(endpointUrl)) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "bearer Recipient '" + recipient
                    + "' is neither an accepted audience nor this endpoint");
        }
    }

    private static void holderOfKey(SubjectConfirmationData data, X509Certificate tlsClient) throws XuaRejection {
        if (tlsClient == null) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "holder-of-key without a TLS client certificate");
        }
        if (data == null || data.getDOM() == null) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "holder-of-key without SubjectConfirmationData");
        }
        boolean proven = false;
        boolean anyKey = false;
        for (Element keyInfo : Dom.children(data.getDOM())) {
            if (!Dom.is(keyInfo, WssNames.DS, "KeyInfo")) {
                continue;
            }
            for (Element x509Data : Dom.children(keyInfo)) {
                for (Element c : Dom.children(x509Data)) {
                    if (Dom.is(c, WssNames.DS, "X509Certificate")) {
                        anyKey = true;
                        proven |= sameKey(c, tlsClient.getPublicKey());
                    }
                }
            }
        }
        if (!anyKey) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "holder-of-key without ds:KeyInfo/X509Certificate");
        }
        if (!proven) {
            throw new XuaRejection(XuaFailure.SUBJECT_CONFIRMATION, "holder-of-key certificate is not the TLS client's ("
                    + tlsClient.getSubjectX500Principal().getName() + ")");
        }
    }

    private static boolean sameKey(Element x509Certificate, PublicKey key) {
        String text = Dom.simpleText(x509Certificate);
        try {
            byte[] der = Base64.getMimeDecoder().decode(text == null ? "" : text);
            return Certificates.parseDer(der).getPublicKey().equals(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
