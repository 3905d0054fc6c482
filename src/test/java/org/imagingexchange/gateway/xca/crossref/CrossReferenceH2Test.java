// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.crossref;

import org.imagingexchange.gateway.xds.registry.TestDatabases;

/** {@link CrossReferenceContract} on embedded H2. */
class CrossReferenceH2Test extends CrossReferenceContract {
    @Override
    TestDatabases.Handle openDatabase() {
        return TestDatabases.h2();
    }
}
