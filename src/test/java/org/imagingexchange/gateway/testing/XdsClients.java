// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.rad69.Rad69PortType;

/** SOAP 1.2 clients of the XDS / XDS-I.b transactions as a consumer would build them: IPF WSDLs, WS-Addressing, MTOM. */
public final class XdsClients {
    private static final String XDS_B = "urn:ihe:iti:xds-b:2007";
    private static final String XDS_I = "urn:ihe:rad:xdsi-b:2009";

    private XdsClients() {}

    public static Iti18PortType iti18(String url) {
        return create(Iti18PortType.class, url, "wsdl/iti18.wsdl", XDS_B, "DocumentRegistry_Service",
                "DocumentRegistry_Port_Soap12", false);
    }

    public static Iti43PortType iti43(String url) {
        return create(Iti43PortType.class, url, "wsdl/iti43.wsdl", XDS_B, "DocumentRepository_Service",
                "DocumentRepository_Port_Soap12", true);
    }

    public static Iti41PortType iti41(String url) {
        return create(Iti41PortType.class, url, "wsdl/iti41.wsdl", XDS_B, "DocumentRepository_Service",
                "DocumentRepository_Port_Soap12", true);
    }

    public static Rad69PortType rad69(String url) {
        return create(Rad69PortType.class, url, "wsdl/rad69.wsdl", XDS_I, "DocumentRepository_Service",
                "DocumentRepository_Port_Soap12", true);
    }

    /*
     * Proxies are kept for the life of the test JVM. CXF's default conduit wraps a java.net.http.HttpClient, which
     * shuts down once unreachable; an MTOM attachment is read lazily after the call returns, so a proxy dropped
     * right after the call can lose its response mid-read ("HTTP/2 client stopped").
     */
    private static final Map<String, Object> PROXIES = new ConcurrentHashMap<>();

    private static <T> T create(Class<T> type, String url, String wsdl, String ns, String service, String port,
                                boolean mtom) {
        return type.cast(PROXIES.computeIfAbsent(type.getName() + ' ' + url,
                k -> build(type, url, wsdl, ns, service, port, mtom)));
    }

    private static <T> T build(Class<T> type, String url, String wsdl, String ns, String service, String port,
                               boolean mtom) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(type);
        f.setAddress(url);
        f.setWsdlLocation(wsdl);
        f.setServiceName(new QName(ns, service));
        f.setEndpointName(new QName(ns, port));
        f.getFeatures().add(new WSAddressingFeature());
        f.setProperties(Map.of("mtom-enabled", mtom));
        T proxy = type.cast(f.create());
        Client client = ClientProxy.getClient(proxy);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(10_000);
        policy.setReceiveTimeout(300_000);
        policy.setAllowChunking(true);
        policy.setVersion("1.1"); // no h2c upgrade attempt on plain HTTP: consumers in the field speak HTTP/1.1
        ((HTTPConduit) client.getConduit()).setClient(policy);
        return proxy;
    }
}
