// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link AbstractFailedSubmissionTest} on PostgreSQL. */
class FailedSubmissionPostgresTest extends AbstractFailedSubmissionTest {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.postgres();
    }
}
