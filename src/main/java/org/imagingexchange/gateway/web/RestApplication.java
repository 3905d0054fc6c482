// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The gateway's REST API for the console and scripts, under {@code /api}; documented at {@code /openapi}. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Imaging exchange gateway API", version = "0.1",
        description = "Study upload and index, for the transfer-center console and scripts."))
public class RestApplication extends Application {
}
