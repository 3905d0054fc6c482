// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractFolderQueryTest} on PostgreSQL. */
class FolderQueryPostgresTest extends AbstractFolderQueryTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
