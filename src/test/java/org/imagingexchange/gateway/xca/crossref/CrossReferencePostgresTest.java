// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link CrossReferenceContract} on a fresh PostgreSQL database (127.0.0.1:5432, dropped afterwards). */
class CrossReferencePostgresTest extends CrossReferenceContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
