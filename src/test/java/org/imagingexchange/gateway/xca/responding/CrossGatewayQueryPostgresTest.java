// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link CrossGatewayQueryContract} on a fresh PostgreSQL database (127.0.0.1:5432, dropped afterwards). */
class CrossGatewayQueryPostgresTest extends CrossGatewayQueryContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
