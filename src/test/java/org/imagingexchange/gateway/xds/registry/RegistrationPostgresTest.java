// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractRegistrationTest} on PostgreSQL. */
class RegistrationPostgresTest extends AbstractRegistrationTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
