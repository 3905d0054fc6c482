// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.Map;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.junit.jupiter.api.Test;

/**
 * Two gateways from one installation, each with its own ports and data directory, run side by
 * side; {@code ./gateway stop} stops only the instance of its data directory. Also checks the
 * OpenAPI document of the REST API is served.
 */
class SideBySideInstancesIT {

    @Test
    void twoInstancesRunSideBySideAndStopIndependently() throws Exception {
        try (GatewayServer first = GatewayServer.start("side-a", Map.of("GATEWAY_HOME_COMMUNITY_ID", "urn:oid:1.2.3.4.1"));
             GatewayServer second = GatewayServer.start("side-b", Map.of("GATEWAY_HOME_COMMUNITY_ID", "urn:oid:1.2.3.4.2"))) {
            assertNotEquals(first.httpBase(), second.httpBase());
            assertEquals(200, first.get("/health/ready").statusCode());
            assertEquals(200, second.get("/health/ready").statusCode());

            var openapi = second.get("/openapi");
            assertEquals(200, openapi.statusCode());
            assertTrue(openapi.body().contains("/api/studies"), "the REST API is documented");

            first.close();
            assertThrows(ConnectException.class, () -> first.get("/health/ready"), "the first one is stopped");
            assertEquals(200, second.get("/health/ready").statusCode(), "the second one still serves");
        }
    }
}
