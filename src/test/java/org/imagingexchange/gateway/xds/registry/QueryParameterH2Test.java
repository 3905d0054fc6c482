// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractQueryParameterTest} on embedded H2. */
class QueryParameterH2Test extends AbstractQueryParameterTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
