// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.WSAddressingFeature;

/**
 * CXF clients of the gateway's outbound SOAP calls (partner ITI-38, the community's external
 * registry by ITI-18): one way to build them, so they all send SOAP 1.2 with WS-Addressing
 * (Action with mustUnderstand, IHE-WSA101), the outbound XUA header when the call has an
 * assertion ({@link SecurityHeaderInterceptor#ASSERTION}), chunked HTTP/1.1, and TLS from the
 * caller's socket factory.
 */
public final class SoapClients {
    private SoapClients() {}

    /**
     * A CXF bus for outbound calls only, with the HttpURLConnection conduit: its read timeout is
     * an idle-read timeout (DESIGN section 4), and CXF does not make it the default bus of the
     * server side.
     */
    public static Bus clientBus() {
        Bus previous = BusFactory.getThreadDefaultBus(false);
        Bus defaultBefore = BusFactory.getDefaultBus(false);
        Bus bus = BusFactory.newInstance().createBus();
        BusFactory.setThreadDefaultBus(previous);
        if (defaultBefore == null && BusFactory.getDefaultBus(false) == bus) {
            BusFactory.setDefaultBus(null); // CXF makes the first bus the default; this one is for calls out only
        }
        HTTPConduitFactory urlConnection = (factory, b, endpoint, target) -> new URLConnectionHTTPConduit(b, endpoint, target);
        bus.setExtension(urlConnection, HTTPConduitFactory.class);
        return bus;
    }

    /**
     * A port of {@code type} at {@code url}, described by {@code wsdl} (IPF's, on the class path)
     * with its service and port names. The request context is per thread, so one proxy serves
     * concurrent calls. {@code tls} (may be null: the JDK's) is used for https only; it must do
     * the host-name check itself, CXF's own is then not needed.
     */
    public static <T> T port(Bus bus, Class<T> type, URI url, String wsdl, QName service, QName port,
                             SSLSocketFactory tls, Duration connectTimeout, Duration readTimeout) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setBus(bus);
        f.setServiceClass(type);
        f.setAddress(url.toString());
        f.setWsdlLocation(wsdl);
        f.setServiceName(service);
        f.setEndpointName(port);
        f.getFeatures().add(new WSAddressingFeature());
        f.getOutInterceptors().add(new MustUnderstandActionInterceptor());
        f.getOutInterceptors().add(new SecurityHeaderInterceptor());
        T proxy = type.cast(f.create());
        Client client = ClientProxy.getClient(proxy);
        client.setThreadLocalRequestContext(true);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(readTimeout.toMillis()); // idle read: a long answer is not cut while bytes flow
        policy.setAllowChunking(true);
        policy.setVersion("1.1");
        conduit.setClient(policy);
        if ("https".equalsIgnoreCase(url.getScheme()) && tls != null) {
            TLSClientParameters parameters = new TLSClientParameters();
            parameters.setDisableCNCheck(false);
            parameters.setSSLSocketFactory(tls);
            conduit.setTlsClientParameters(parameters);
        }
        return proxy;
    }
}
