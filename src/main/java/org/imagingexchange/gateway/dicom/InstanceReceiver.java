// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.nio.file.Path;

/**
 * Where {@link StoreScp} hands each received instance, after it has been spooled to disk and
 * validated. Called from the association's thread; several associations may call it at once.
 */
public interface InstanceReceiver {

    /**
     * Takes one received instance. The file is a complete, validated Part 10 file in the spool
     * directory; move or copy it during this call, because the SCP deletes whatever is left at
     * that path when the call returns. Returning normally answers C-STORE Success.
     *
     * @throws RejectedInstanceException to answer the sender a C-STORE failure status
     */
    void receive(Path receivedPart10File, InstanceHeader header) throws RejectedInstanceException;
}
