// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link AbstractFailedSubmissionTest} on embedded H2. */
class FailedSubmissionH2Test extends AbstractFailedSubmissionTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
