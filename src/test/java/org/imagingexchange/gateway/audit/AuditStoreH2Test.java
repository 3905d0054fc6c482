// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link AuditStoreContract} on embedded H2. */
class AuditStoreH2Test extends AuditStoreContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
