// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.SamlIssuer;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

/**
 * Verifies the assertion's enveloped signature with OpenSAML (SAML signature profile, then
 * Santuario with secure validation) against the keys configured for its issuer in the partner
 * directory, and nothing else: a key or certificate in KeyInfo is only compared with the
 * configured ones, to tell "signed by a key we do not trust" from "content changed after
 * signing" in the log.
 */
final class AssertionSignature {
    private AssertionSignature() {}

    /** Returns the configured certificate whose key verified the signature. */
    static X509Certificate verify(Assertion assertion, SamlIssuer issuer, Instant now) throws XuaRejection {
        Signature signature = assertion.getSignature();
        if (signature == null) {
            throw new XuaRejection(XuaFailure.UNSIGNED, "the assertion is not signed");
        }
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            throw new XuaRejection(XuaFailure.SIGNATURE_PROFILE, "SAML signature profile: " + e.getMessage());
        }
        for (X509Certificate cert : issuer.signingCertificates()) {
            if (Certificates.weakness(cert.getPublicKey()) != null) {
                continue;
            }
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(cert));
            } catch (SignatureException e) {
                continue;
            }
            if (now.isAfter(cert.getNotAfter().toInstant()) || now.isBefore(cert.getNotBefore().toInstant())) {
                throw new XuaRejection(XuaFailure.SIGNING_CERTIFICATE, "signed with the key of "
                        + cert.getSubjectX500Principal().getName() + ", whose certificate is valid only from "
                        + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant());
            }
            return cert;
        }
        List<PublicKey> presented = presentedKeys(signature.getKeyInfo());
        boolean foreignKey = !presented.isEmpty() && presented.stream().noneMatch(k -> issuer.signingCertificates()
                .stream().anyMatch(c -> c.getPublicKey().equals(k)));
        if (foreignKey) {
            throw new XuaRejection(XuaFailure.UNTRUSTED_KEY, "signature by a key that is not configured for issuer '"
                    + issuer.entityId() + "' (KeyInfo is never trusted by itself)");
        }
        throw new XuaRejection(XuaFailure.SIGNATURE_INVALID, "signature does not verify with the "
                + issuer.signingCertificates().size() + " key(s) configured for issuer '" + issuer.entityId()
                + "' (content changed after signing, or another key)");
    }

    /** Keys named in KeyInfo (certificates and raw key values), for the log classification only. */
    private static List<PublicKey> presentedKeys(KeyInfo keyInfo) {
        List<PublicKey> keys = new ArrayList<>();
        if (keyInfo == null) {
            return keys;
        }
        try {
            for (X509Certificate c : KeyInfoSupport.getCertificates(keyInfo)) {
                keys.add(c.getPublicKey());
            }
        } catch (CertificateException | RuntimeException e) {
            keys.add(null);
        }
        try {
            keys.addAll(KeyInfoSupport.getPublicKeys(keyInfo));
        } catch (RuntimeException | java.security.KeyException e) {
            keys.add(null);
        }
        return keys;
    }
}
