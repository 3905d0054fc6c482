// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractStoredQueryTest} on PostgreSQL. */
class StoredQueryPostgresTest extends AbstractStoredQueryTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
