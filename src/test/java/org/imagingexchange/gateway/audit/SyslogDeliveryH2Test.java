// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link SyslogDeliveryContract} with the audit queue on embedded H2. */
class SyslogDeliveryH2Test extends SyslogDeliveryContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
