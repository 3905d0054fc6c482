// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractQueryParameterTest} on PostgreSQL. */
class QueryParameterPostgresTest extends AbstractQueryParameterTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
