// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.InstanceReceiver;
import org.imagingexchange.gateway.dicom.RejectedInstanceException;

/** Hands instances received by the C-STORE SCP to ingest; a store failure becomes a C-STORE failure status. */
public final class DicomReceiver implements InstanceReceiver {
    private static final Logger LOG = Logger.getLogger(DicomReceiver.class.getName());
    private final IngestService ingest;

    public DicomReceiver(IngestService ingest) {
        this.ingest = ingest;
    }

    @Override
    public void receive(Path receivedPart10File, InstanceHeader header) throws RejectedInstanceException {
        try {
            ingest.ingest(receivedPart10File, header);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "C-STORE ingest failed sop=" + header.sopInstanceUid() + ": " + e.getMessage(), e);
            throw new RejectedInstanceException("cannot store instance: " + e.getMessage());
        }
    }
}
