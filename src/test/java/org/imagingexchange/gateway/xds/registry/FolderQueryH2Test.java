// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractFolderQueryTest} on embedded H2. */
class FolderQueryH2Test extends AbstractFolderQueryTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
