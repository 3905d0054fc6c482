// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.soap.SoapServlet;

/** {@code /health/ready}: up only when the database, the DICOM listener and the SOAP endpoints are. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    GatewayRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        boolean started = runtime.isStarted();
        boolean db = started && runtime.database().isUp();
        boolean dicom = started && runtime.storeScp().isListening();
        boolean soap = SoapServlet.endpointsPublished();
        boolean pacs = started && runtime.pacs().isUp();
        return HealthCheckResponse.named("gateway")
                .status(db && dicom && soap && pacs)
                .withData("database", db)
                .withData("dicomListener", dicom)
                .withData("soapEndpoints", soap)
                .withData("pacs", pacs)
                .build();
    }
}
