// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** {@link AbstractRegistrationTest} on embedded H2. */
class RegistrationH2Test extends AbstractRegistrationTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
