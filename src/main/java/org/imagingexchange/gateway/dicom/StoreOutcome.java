// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides the C-STORE status for one spooled instance: validates it to its last byte, reads its
 * header, checks it is the instance the command announced, and hands it to the receiver. The
 * spool file is deleted afterwards in every case.
 *
 * @param status the DIMSE status to answer
 * @param comment the Error Comment for a failure (no patient data)
 */
record StoreOutcome(int status, String comment) {

    private static final Logger LOG = Logger.getLogger(StoreOutcome.class.getName());

    static StoreOutcome of(DimseRequest request, DicomLimits limits, InstanceReceiver receiver, String callingAe) {
        String sop = request.sopInstanceUid();
        if (request.overLimit()) {
            return failure(RejectedInstanceException.OUT_OF_RESOURCES,
                    "instance larger than the limit of " + limits.maxFileBytes() + " bytes", sop, callingAe);
        }
        Path file = request.file();
        try {
            DicomFiles.validateComplete(file, limits);
            InstanceHeader header = DicomFiles.readHeader(file, limits);
            if (!header.sopInstanceUid().equals(sop) || !header.sopClassUid().equals(request.sopClassUid())) {
                return failure(RejectedInstanceException.DATA_SET_MISMATCH,
                        "SOP Class or Instance UID differs from the C-STORE request", sop, callingAe);
            }
            receiver.receive(file, header);
            LOG.fine(() -> "C-STORE from " + callingAe + " stored " + header);
            return new StoreOutcome(DimseCommands.SUCCESS, null);
        } catch (InvalidDicomException e) {
            return failure(RejectedInstanceException.CANNOT_UNDERSTAND, e.getMessage(), sop, callingAe);
        } catch (RejectedInstanceException e) {
            return failure(e.status(), e.reason(), sop, callingAe);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "C-STORE sop=" + sop + ": cannot read the spooled instance", e);
            return failure(RejectedInstanceException.OUT_OF_RESOURCES, "cannot store the instance now", sop, callingAe);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "C-STORE sop=" + sop + ": receiver failed", e);
            return failure(DimseCommands.PROCESSING_FAILURE, "processing failure", sop, callingAe);
        } finally {
            request.discard();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete spool file " + file, e);
            }
        }
    }

    private static StoreOutcome failure(int status, String comment, String sop, String callingAe) {
        LOG.warning(() -> String.format("C-STORE from %s refused sop=%s status=0x%04X: %s", callingAe, sop, status,
                comment));
        return new StoreOutcome(status, comment);
    }
}
