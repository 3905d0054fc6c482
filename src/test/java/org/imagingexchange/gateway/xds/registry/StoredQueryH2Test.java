// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractStoredQueryTest} on embedded H2. */
class StoredQueryH2Test extends AbstractStoredQueryTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
