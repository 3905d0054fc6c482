// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;

/**
 * OpenSAML 4.0.1 is initialized once per JVM (about a second: it registers the XMLObject
 * providers and initializes Apache Santuario), when the first endpoint that requires XUA is
 * published or the first assertion is validated, so a gateway without XUA endpoints does not
 * pay for it. Idempotent and thread-safe.
 */
public final class OpenSaml {
    private static volatile boolean initialized;

    private OpenSaml() {}

    public static void initialize() {
        if (initialized) {
            return;
        }
        synchronized (OpenSaml.class) {
            if (!initialized) {
                try {
                    InitializationService.initialize();
                } catch (InitializationException e) {
                    throw new IllegalStateException("OpenSAML initialization failed", e);
                }
                initialized = true;
            }
        }
    }
}
