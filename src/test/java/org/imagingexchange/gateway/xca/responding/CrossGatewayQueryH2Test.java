// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link CrossGatewayQueryContract} on embedded H2. */
class CrossGatewayQueryH2Test extends CrossGatewayQueryContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
