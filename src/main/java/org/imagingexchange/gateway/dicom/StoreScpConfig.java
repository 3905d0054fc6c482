// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the C-STORE SCP.
 *
 * @param port TCP port to listen on (all interfaces); 0 picks a free port (see {@link StoreScp#localPort()})
 * @param aeTitle the called AE title the SCP answers to; associations to any other are rejected
 * @param spoolDirectory where received instances are written before validation (created if missing)
 * @param limits limits for received instances
 */
public record StoreScpConfig(int port, String aeTitle, Path spoolDirectory, DicomLimits limits) {

    public StoreScpConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(aeTitle, "aeTitle");
        String ae = aeTitle.trim();
        if (ae.isEmpty() || ae.length() > 16 || !ae.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\')) {
            throw new IllegalArgumentException("not a valid AE title: '" + aeTitle + "'");
        }
        aeTitle = ae;
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        Objects.requireNonNull(limits, "limits");
    }
}
