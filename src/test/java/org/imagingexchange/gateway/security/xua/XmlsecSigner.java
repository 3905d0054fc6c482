// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Signs a pretty-printed XUA assertion template with {@code xmlsec1} (Debian package xmlsec1,
 * libxmlsec1 on OpenSSL): an independent XML-Signature implementation, so the validator is
 * shown to accept what another tool produced, not only what OpenSAML's Signer writes.
 */
final class XmlsecSigner {
    private XmlsecSigner() {}

    /** The signed assertion document (bytes as xmlsec1 wrote them) for partner B's issuer. */
    static byte[] signedAssertionOfB(Path work) throws IOException, InterruptedException {
        Instant now = Instant.now();
        String id = "_xmlsec-" + UUID.randomUUID();
        String template = """
                <?xml version="1.0" encoding="UTF-8"?>
                <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
                                 ID="%1$s" IssueInstant="%2$s" Version="2.0">
                    <saml2:Issuer>%3$s</saml2:Issuer>
                    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                        <ds:SignedInfo>
                            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
                            <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
                            <ds:Reference URI="#%1$s">
                                <ds:Transforms>
                                    <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
                                    <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">
                                        <ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xsd"/>
                                    </ds:Transform>
                                </ds:Transforms>
                                <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
                                <ds:DigestValue/>
                            </ds:Reference>
                        </ds:SignedInfo>
                        <ds:SignatureValue/>
                        <ds:KeyInfo>
                            <ds:X509Data/>
                        </ds:KeyInfo>
                    </ds:Signature>
                    <saml2:Subject>
                        <saml2:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">
                            9801000050702
                        </saml2:NameID>
                        <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                            <saml2:SubjectConfirmationData NotOnOrAfter="%4$s" Recipient="%5$s"/>
                        </saml2:SubjectConfirmation>
                    </saml2:Subject>
                    <saml2:Conditions NotBefore="%2$s" NotOnOrAfter="%4$s">
                        <saml2:AudienceRestriction>
                            <saml2:Audience>%5$s</saml2:Audience>
                        </saml2:AudienceRestriction>
                    </saml2:Conditions>
                    <saml2:AuthnStatement AuthnInstant="%2$s">
                        <saml2:AuthnContext>
                            <saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport
                            </saml2:AuthnContextClassRef>
                        </saml2:AuthnContext>
                    </saml2:AuthnStatement>
                    <saml2:AttributeStatement xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                        <saml2:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:subject-id">
                            <saml2:AttributeValue xsi:type="xsd:string">Erika Muster</saml2:AttributeValue>
                        </saml2:Attribute>
                        <saml2:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:organization">
                            <saml2:AttributeValue xsi:type="xsd:string">Hospital B</saml2:AttributeValue>
                        </saml2:Attribute>
                        <saml2:Attribute Name="urn:oasis:names:tc:xacml:2.0:subject:role">
                            <saml2:AttributeValue>
                                <Role xmlns="urn:hl7-org:v3" code="HCP" codeSystem="2.16.756.5.30.1.127.3.10.6"
                                      codeSystemName="eHealth Suisse EPR Actors" displayName="Healthcare professional" xsi:type="CE"/>
                            </saml2:AttributeValue>
                        </saml2:Attribute>
                        <saml2:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:purposeofuse">
                            <saml2:AttributeValue>
                                <hl7:PurposeOfUse xmlns:hl7="urn:hl7-org:v3" code="NORM" codeSystem="2.16.756.5.30.1.127.3.10.5"
                                                  xsi:type="hl7:CE"/>
                            </saml2:AttributeValue>
                        </saml2:Attribute>
                        <saml2:Attribute Name="urn:oasis:names:tc:xacml:2.0:resource:resource-id">
                            <saml2:AttributeValue xsi:type="xsd:token">%6$s</saml2:AttributeValue>
                        </saml2:Attribute>
                        <saml2:Attribute Name="urn:ihe:iti:xca:2010:homeCommunityId"
                                         NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
                            <saml2:AttributeValue xsi:type="xsd:anyURI">%7$s</saml2:AttributeValue>
                        </saml2:Attribute>
                    </saml2:AttributeStatement>
                </saml2:Assertion>
                """.formatted(id, now.minusSeconds(2), XuaFixture.ISSUER_B, now.plus(Duration.ofMinutes(15)),
                XuaFixture.OUR_HCID, XuaFixture.PATIENT.replace("&", "&amp;"), XuaFixture.HCID_B);
        Files.createDirectories(work);
        Path in = work.resolve("template.xml");
        Path key = work.resolve("idp-b.key.pem");
        Path cert = work.resolve("idp-b.cert.pem");
        Path out = work.resolve("signed.xml");
        Files.writeString(in, template, StandardCharsets.UTF_8);
        Files.writeString(key, XuaFixture.IDP_B.privateKeyPem());
        Files.writeString(cert, XuaFixture.IDP_B.certificatePem());
        Process p = new ProcessBuilder(List.of("xmlsec1", "--sign", "--privkey-pem", key + "," + cert,
                "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", out.toString(), in.toString()))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("xmlsec1 --sign failed (is Debian's xmlsec1 installed?): " + log);
        }
        return Files.readAllBytes(out);
    }
}
