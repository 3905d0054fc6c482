// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.namespace.QName;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.headers.Header;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.xua.PartnerAssertions;
import org.openehealth.ipf.commons.ihe.xds.iti38.Iti38PortType;
import org.openehealth.ipf.commons.ihe.xds.iti39.Iti39PortType;
import org.openehealth.ipf.commons.ihe.xds.rad75.Rad75PortType;
import org.w3c.dom.Element;

/**
 * A partner community's Initiating Gateway, for tests: CXF clients of our {@code rg/*}
 * endpoints (IPF WSDLs, SOAP 1.2, WS-Addressing, MTOM for the retrieves) over mutual TLS with
 * the partner's lab node certificate, each call carrying a fresh wsse:Security header with an
 * assertion signed by the partner's SAML key ({@link #assertion}), or none.
 */
final class PartnerClient {
    private static final String XDS_B = "urn:ihe:iti:xds-b:2007";
    private static final String XDS_I = "urn:ihe:rad:xdsi-b:2009";
    static final QName SECURITY = new QName(
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", "Security");

    private final CommunityFiles partner;
    private final X509Certificate ca;
    private final String issuer;
    private final String homeCommunityId;
    private final String audience;
    private final String httpsBase;
    private final PrivateKey samlKey;
    private final X509Certificate samlCertificate;
    /** Whose node certificate the TLS client presents: the partner's own unless a test says otherwise. */
    private CommunityFiles tlsNode;

    PartnerClient(CommunityFiles partner, X509Certificate ca, String issuer, String homeCommunityId, String audience,
                  String httpsBase) throws Exception {
        this.partner = partner;
        this.ca = ca;
        this.issuer = issuer;
        this.homeCommunityId = homeCommunityId;
        this.audience = audience;
        this.httpsBase = httpsBase;
        KeyStore saml = KeyStores.read(partner.samlKeyStore(), password("saml-signing.password"));
        this.samlKey = (PrivateKey) saml.getKey("saml", password("saml-signing.password"));
        this.samlCertificate = (X509Certificate) saml.getCertificate("saml");
        this.tlsNode = partner;
    }

    /** Presents {@code node}'s TLS certificate from now on (the assertions stay the partner's). */
    PartnerClient presenting(CommunityFiles node) {
        this.tlsNode = node;
        return this;
    }

    private char[] password(String key) throws Exception {
        return partner.readPasswords().get(key).toCharArray();
    }

    /** A signed assertion of this partner with {@code resourceId} (CX, or null). */
    Element assertion(String resourceId) {
        return PartnerAssertions.signed(issuer, samlKey, samlCertificate, homeCommunityId, audience, resourceId);
    }

    Iti38PortType iti38(Element assertion) throws Exception {
        return create(Iti38PortType.class, "rg/iti38", "wsdl/iti38.wsdl", XDS_B, false, assertion);
    }

    Iti39PortType iti39(Element assertion) throws Exception {
        return create(Iti39PortType.class, "rg/iti39", "wsdl/iti39.wsdl", XDS_B, true, assertion);
    }

    Rad75PortType rad75(Element assertion) throws Exception {
        return create(Rad75PortType.class, "rg/rad75", "wsdl/rad75.wsdl", XDS_I, true, assertion);
    }

    /*
     * One proxy per call, kept until the end of the test run: an MTOM attachment is read after
     * the call returns, and the HttpClient of a dropped proxy may close under it.
     */
    private static final List<Object> KEPT = new ArrayList<>();

    private <T> T create(Class<T> type, String path, String wsdl, String ns, boolean mtom, Element assertion)
            throws Exception {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(type);
        f.setAddress(httpsBase + "/services/" + path);
        f.setWsdlLocation(wsdl);
        f.setServiceName(new QName(ns, "RespondingGateway_Service"));
        f.setEndpointName(new QName(ns, "RespondingGateway_Port_Soap12"));
        f.getFeatures().add(new WSAddressingFeature());
        f.setProperties(Map.of("mtom-enabled", mtom));
        T proxy = type.cast(f.create());
        Client client = ClientProxy.getClient(proxy);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(10_000);
        policy.setReceiveTimeout(300_000);
        policy.setVersion("1.1");
        conduit.setClient(policy);
        conduit.setTlsClientParameters(tls());
        // a refused request is an HTTP 400 SOAP fault (a Sender fault): read it as the fault it is
        client.getRequestContext().put("org.apache.cxf.transport.process_fault_on_http_400", Boolean.TRUE);
        if (assertion != null) {
            List<Header> headers = new ArrayList<>();
            headers.add(new Header(SECURITY, PartnerAssertions.securityHeader(assertion)));
            client.getRequestContext().put(Header.HEADER_LIST, headers);
        }
        synchronized (KEPT) {
            KEPT.add(proxy);
        }
        return proxy;
    }

    private TLSClientParameters tls() throws Exception {
        char[] keyPassword = tlsNode.readPasswords().get("keystore.password").toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(KeyStores.read(tlsNode.keyStore(), keyPassword), keyPassword);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        TLSClientParameters p = new TLSClientParameters();
        p.setKeyManagers(kmf.getKeyManagers());
        p.setTrustManagers(tmf.getTrustManagers());
        return p;
    }
}
