// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * The XML-Signature forms accepted on an XUA assertion, checked on the DOM before Santuario
 * runs anything (so no transform, key retrieval or dereference ever happens for a refused
 * signature):
 * <ul>
 *   <li>ds:Signature = SignedInfo, SignatureValue, optional KeyInfo; no ds:Object;</li>
 *   <li>SignedInfo canonicalization exclusive c14n without comments;</li>
 *   <li>signature algorithms RSA-SHA256/384/512 and ECDSA-SHA256/384/512, no HMAC; digests
 *       SHA-256/384/512 (no SHA-1, no MD5);</li>
 *   <li>exactly one Reference, URI = "#" + the assertion's ID (SAML core 5.4.2), transforms only
 *       enveloped-signature (required) and exclusive c14n, at most two (no XSLT, XPath,
 *       external or same-document references to other elements);</li>
 *   <li>KeyInfo only X509Data, KeyValue, KeyName, DEREncodedKeyValue (no RetrievalMethod or
 *       KeyInfoReference); its content is never used to decide trust.</li>
 * </ul>
 */
final class SignatureRules {
    static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");
    static final Set<String> DIGEST_ALGORITHMS = Set.of(
            "http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384",
            "http://www.w3.org/2001/04/xmlenc#sha512");
    static final int MAX_REFERENCES = 1;
    static final int MAX_TRANSFORMS = 2;
    private static final Set<String> KEY_INFO_CHILDREN = Set.of("X509Data", "KeyValue", "KeyName");

    private SignatureRules() {}

    static void check(Element assertion, Element signature) throws XuaRejection {
        List<Element> parts = Dom.children(signature);
        if (parts.size() < 2 || parts.size() > 3 || !Dom.is(parts.get(0), WssNames.DS, "SignedInfo")
                || !Dom.is(parts.get(1), WssNames.DS, "SignatureValue")
                || (parts.size() == 3 && !Dom.is(parts.get(2), WssNames.DS, "KeyInfo"))) {
            throw profile("ds:Signature must hold SignedInfo, SignatureValue and optionally KeyInfo, found "
                    + parts.stream().map(Element::getLocalName).toList());
        }
        signedInfo(assertion, parts.get(0));
        if (parts.size() == 3) {
            keyInfo(parts.get(2));
        }
    }

    private static void signedInfo(Element assertion, Element si) throws XuaRejection {
        List<Element> c = Dom.children(si);
        if (c.size() < 3) {
            throw profile("SignedInfo without a Reference");
        }
        if (!Dom.is(c.get(0), WssNames.DS, "CanonicalizationMethod")
                || !Dom.is(c.get(1), WssNames.DS, "SignatureMethod")) {
            throw profile("SignedInfo must start with CanonicalizationMethod and SignatureMethod");
        }
        String c14n = Dom.attr(c.get(0), "Algorithm");
        if (!WssNames.EXC_C14N.equals(c14n)) {
            throw unsupported("canonicalization " + c14n);
        }
        onlyInclusiveNamespaces(c.get(0));
        String sigAlg = Dom.attr(c.get(1), "Algorithm");
        if (!SIGNATURE_ALGORITHMS.contains(sigAlg) || !Dom.children(c.get(1)).isEmpty()) {
            throw unsupported("signature method " + sigAlg
                    + (Dom.children(c.get(1)).isEmpty() ? "" : " with parameters"));
        }
        List<Element> refs = c.subList(2, c.size());
        if (refs.size() > MAX_REFERENCES) {
            throw profile(refs.size() + " references (exactly " + MAX_REFERENCES + " accepted)");
        }
        Element ref = refs.get(0);
        if (!Dom.is(ref, WssNames.DS, "Reference")) {
            throw profile("unexpected " + Dom.name(ref) + " in SignedInfo");
        }
        reference(assertion, ref);
    }

    private static void reference(Element assertion, Element ref) throws XuaRejection {
        String id = Dom.attr(assertion, "ID");
        String uri = Dom.attr(ref, "URI");
        if (id == null || id.isBlank() || !("#" + id).equals(uri)) {
            throw profile("Reference URI '" + uri + "' is not '#' + the assertion's ID '" + id + "'");
        }
        List<Element> c = Dom.children(ref);
        if (c.size() != 3 || !Dom.is(c.get(0), WssNames.DS, "Transforms") || !Dom.is(c.get(1), WssNames.DS, "DigestMethod")
                || !Dom.is(c.get(2), WssNames.DS, "DigestValue")) {
            throw profile("Reference must hold Transforms, DigestMethod and DigestValue");
        }
        transforms(c.get(0));
        String digest = Dom.attr(c.get(1), "Algorithm");
        if (!DIGEST_ALGORITHMS.contains(digest)) {
            throw unsupported("digest method " + digest);
        }
    }

    private static void transforms(Element transforms) throws XuaRejection {
        List<Element> ts = Dom.children(transforms);
        if (ts.isEmpty() || ts.size() > MAX_TRANSFORMS) {
            throw profile(ts.size() + " transforms (1 to " + MAX_TRANSFORMS + " accepted)");
        }
        boolean enveloped = false;
        boolean c14n = false;
        for (Element t : ts) {
            String alg = Dom.attr(t, "Algorithm");
            if (!Dom.is(t, WssNames.DS, "Transform")) {
                throw profile("unexpected " + Dom.name(t) + " in Transforms");
            } else if (WssNames.ENVELOPED.equals(alg) && !enveloped && Dom.children(t).isEmpty()) {
                enveloped = true;
            } else if (WssNames.EXC_C14N.equals(alg) && !c14n) {
                onlyInclusiveNamespaces(t);
                c14n = true;
            } else {
                throw profile("transform " + alg + " is not accepted (enveloped-signature and exclusive c14n only)");
            }
        }
        if (!enveloped) {
            throw profile("no enveloped-signature transform");
        }
    }

    private static void onlyInclusiveNamespaces(Element method) throws XuaRejection {
        for (Element e : Dom.children(method)) {
            if (!Dom.is(e, WssNames.EXC_C14N, "InclusiveNamespaces")) {
                throw profile("unexpected " + Dom.name(e) + " in " + method.getLocalName());
            }
        }
    }

    private static void keyInfo(Element keyInfo) throws XuaRejection {
        for (Element e : Dom.children(keyInfo)) {
            boolean ok = (Dom.is(e, WssNames.DS, e.getLocalName()) && KEY_INFO_CHILDREN.contains(e.getLocalName()))
                    || Dom.is(e, WssNames.DS11, "DEREncodedKeyValue");
            if (!ok) {
                throw profile(Dom.name(e) + " in KeyInfo is not accepted");
            }
        }
    }

    private static XuaRejection profile(String detail) {
        return new XuaRejection(XuaFailure.SIGNATURE_PROFILE, detail);
    }

    private static XuaRejection unsupported(String detail) {
        return new XuaRejection(XuaFailure.UNSUPPORTED_ALGORITHM, detail + " is not accepted");
    }
}
