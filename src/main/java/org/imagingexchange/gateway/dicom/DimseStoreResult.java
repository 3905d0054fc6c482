// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.nio.file.Path;

/**
 * The outcome of sending one file with {@link DimseClient#store}.
 *
 * @param file the file sent
 * @param status the DIMSE status of the C-STORE response (PS3.4 B.2.3), or {@link #NOT_SENT}
 * @param reason why the instance was not stored (the peer's Error Comment, or what stopped the
 *     client from sending it); null on success
 */
public record DimseStoreResult(Path file, int status, String reason) {

    /** The file was not sent: unreadable, no accepted presentation context, or the association failed. */
    public static final int NOT_SENT = -1;

    /** True if the peer stored the instance: Success (0000) or a Warning (B000, B006, B007). */
    public boolean stored() {
        return status == 0x0000 || status >= 0 && (status & 0xF000) == 0xB000;
    }

    static DimseStoreResult notSent(Path file, String reason) {
        return new DimseStoreResult(file, NOT_SENT, reason);
    }

    @Override
    public String toString() {
        return stored() ? String.format("stored (status %04X)", status)
                : (status == NOT_SENT ? "not sent" : String.format("refused (status %04X)", status)) + ": " + reason;
    }
}
