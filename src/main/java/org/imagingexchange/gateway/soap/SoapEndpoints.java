// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import java.util.HashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.imagingexchange.gateway.security.xua.XuaSecurity;

/**
 * Publishes an IPF port type implementation on the bundled CXF bus with the IHE web-service
 * profile: SOAP 1.2 from IPF's WSDL, WS-Addressing, MTOM where the transaction carries
 * documents (ITI TF-2 Appendix V: request and response use the same encoding). Faults carry
 * generic reasons only ({@link GenericFaultInterceptor}).
 */
public final class SoapEndpoints {
    private SoapEndpoints() {}

    /** What one endpoint is: the WSDL of its transaction and whether it speaks MTOM. */
    public record Definition(String address, Class<?> portType, String wsdl, QName service, QName port, boolean mtom) {
        public static Definition of(String address, Class<?> portType, String wsdl, String namespace,
                                    String service, String port, boolean mtom) {
            return new Definition(address, portType, wsdl, new QName(namespace, service), new QName(namespace, port), mtom);
        }
    }

    public static Server publish(Bus bus, Definition d, Object implementation) {
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress(d.address());
        factory.setServiceClass(d.portType());
        factory.setServiceBean(implementation);
        factory.setWsdlLocation(d.wsdl());
        factory.setServiceName(d.service());
        factory.setEndpointName(d.port());
        Map<String, Object> properties = new HashMap<>();
        properties.put("mtom-enabled", d.mtom());
        factory.setProperties(properties);
        WSAddressingFeature addressing = new WSAddressingFeature();
        addressing.setAddressingRequired(true);
        factory.getFeatures().add(addressing);
        factory.getInInterceptors().add(new Soap12OnlyInterceptor());
        factory.getInInterceptors().add(new SingleBodyInterceptor());
        factory.getOutInterceptors().add(new MustUnderstandActionInterceptor());
        factory.getOutFaultInterceptors().add(new MustUnderstandActionInterceptor());
        factory.getOutFaultInterceptors().add(new GenericFaultInterceptor());
        XuaSecurity.protect(factory, d.address());
        return factory.create();
    }
}
