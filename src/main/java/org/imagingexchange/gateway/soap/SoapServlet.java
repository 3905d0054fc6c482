// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import jakarta.inject.Inject;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebServlet;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.apache.cxf.Bus;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.xca.responding.CrossGatewayImagingRetrieve;
import org.imagingexchange.gateway.xca.responding.CrossGatewayQuery;
import org.imagingexchange.gateway.xca.responding.CrossGatewayRetrieve;
import org.imagingexchange.gateway.xca.responding.Iti38Endpoint;
import org.imagingexchange.gateway.xca.responding.Iti39Endpoint;
import org.imagingexchange.gateway.xca.responding.Rad75Endpoint;
import org.imagingexchange.gateway.xca.initiating.RequesterInterceptor;
import org.imagingexchange.gateway.xds.imaging.Rad69Endpoint;
import org.imagingexchange.gateway.xds.registry.Iti18Endpoint;
import org.imagingexchange.gateway.xds.repository.Iti41Endpoint;
import org.imagingexchange.gateway.xds.repository.Iti43Endpoint;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti38.Iti38PortType;
import org.openehealth.ipf.commons.ihe.xds.iti39.Iti39PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.rad69.Rad69PortType;
import org.openehealth.ipf.commons.ihe.xds.rad75.Rad75PortType;

/**
 * The SOAP side of the gateway: one CXF bus under {@code /services}, with the XML limits of
 * {@link XmlLimits} applied to every endpoint.
 */
@WebServlet(urlPatterns = "/services/*", loadOnStartup = 1)
public class SoapServlet extends CXFNonSpringServlet {
    private static final Logger LOG = Logger.getLogger(SoapServlet.class.getName());
    private static final AtomicBoolean PUBLISHED = new AtomicBoolean();

    @Inject
    GatewayRuntime runtime;

    @Override
    protected void loadBus(ServletConfig config) {
        super.loadBus(config);
        Bus bus = getBus();
        XmlLimits.apply(bus);
        runtime.ensureStarted();
        String xdsB = XdsNamespaces.XDS_B;
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/xds/iti18", Iti18PortType.class, "wsdl/iti18.wsdl",
                xdsB, "DocumentRegistry_Service", "DocumentRegistry_Port_Soap12", false),
                new Iti18Endpoint(runtime.registry()));
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/xds/iti43", Iti43PortType.class, "wsdl/iti43.wsdl",
                xdsB, "DocumentRepository_Service", "DocumentRepository_Port_Soap12", true),
                new Iti43Endpoint(runtime.repository()));
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/xds/iti41", Iti41PortType.class, "wsdl/iti41.wsdl",
                xdsB, "DocumentRepository_Service", "DocumentRepository_Port_Soap12", true),
                new Iti41Endpoint(runtime.repository()));
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/xds/rad69", Rad69PortType.class, "wsdl/rad69.wsdl",
                XdsNamespaces.XDS_I_B, "DocumentRepository_Service", "DocumentRepository_Port_Soap12", true),
                new Rad69Endpoint(runtime.imagingSource()));
        publishRespondingGateway(bus);
        publishInitiating(bus);
        PUBLISHED.set(true);
        LOG.info("SOAP endpoints published: /services/xds/{iti18,iti43,iti41,rad69}, /services/rg/{iti38,iti39,rad75}, "
                + "/services/ig/{iti18,iti43,rad69}");
    }

    /** XCA / XCA-I Responding Gateway (issue 4): XUA is required on every rg/* endpoint by SoapEndpoints.publish. */
    private void publishRespondingGateway(Bus bus) {
        String home = runtime.settings().homeCommunityId();
        String xdsB = XdsNamespaces.XDS_B;
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/rg/iti38", Iti38PortType.class, "wsdl/iti38.wsdl",
                xdsB, "RespondingGateway_Service", "RespondingGateway_Port_Soap12", false),
                new Iti38Endpoint(new CrossGatewayQuery(runtime.community(), runtime.crossReference()), home));
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/rg/iti39", Iti39PortType.class, "wsdl/iti39.wsdl",
                xdsB, "RespondingGateway_Service", "RespondingGateway_Port_Soap12", true),
                new Iti39Endpoint(new CrossGatewayRetrieve(runtime.community()), home));
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/rg/rad75", Rad75PortType.class, "wsdl/rad75.wsdl",
                XdsNamespaces.XDS_I_B, "RespondingGateway_Service", "RespondingGateway_Port_Soap12", true),
                new Rad75Endpoint(new CrossGatewayImagingRetrieve(runtime.community()), home));
    }

    /** XCA / XCA-I initiating side (issue 4): the local consumers' entry to the federation. */
    private void publishInitiating(Bus bus) {
        var ig = runtime.initiating();
        String xdsB = XdsNamespaces.XDS_B;
        RequesterInterceptor requester = new RequesterInterceptor();
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/ig/iti18", Iti18PortType.class, "wsdl/iti18.wsdl",
                xdsB, "DocumentRegistry_Service", "DocumentRegistry_Port_Soap12", false),
                new Iti18Endpoint(request -> ig.query().query(request, RequesterInterceptor.current()).response()))
                .getEndpoint().getInInterceptors().add(requester);
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/ig/iti43", Iti43PortType.class, "wsdl/iti43.wsdl",
                xdsB, "DocumentRepository_Service", "DocumentRepository_Port_Soap12", true),
                new Iti43Endpoint(request -> ig.retrieve().retrieve(request, RequesterInterceptor.current())))
                .getEndpoint().getInInterceptors().add(requester);
        SoapEndpoints.publish(bus, SoapEndpoints.Definition.of("/ig/rad69", Rad69PortType.class, "wsdl/rad69.wsdl",
                XdsNamespaces.XDS_I_B, "DocumentRepository_Service", "DocumentRepository_Port_Soap12", true),
                new Rad69Endpoint(request -> ig.retrieve().retrieveImages(request, RequesterInterceptor.current())))
                .getEndpoint().getInInterceptors().add(requester);
    }

    /** Closes what the answer streamed from (a partner's connection) once the request is done. */
    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        AfterResponse.begin();
        try {
            super.service(request, response);
        } finally {
            AfterResponse.end();
        }
    }

    /** True once the endpoints are published (readiness). */
    public static boolean endpointsPublished() {
        return PUBLISHED.get();
    }

    @Override
    public void destroy() {
        PUBLISHED.set(false);
        super.destroy();
    }
}
