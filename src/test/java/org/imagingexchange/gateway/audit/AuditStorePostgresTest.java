// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link AuditStoreContract} on a fresh PostgreSQL database (127.0.0.1:5432, dropped afterwards). */
class AuditStorePostgresTest extends AuditStoreContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
