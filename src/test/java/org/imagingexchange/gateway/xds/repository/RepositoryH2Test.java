// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link AbstractRepositoryTest} on embedded H2. */
class RepositoryH2Test extends AbstractRepositoryTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
