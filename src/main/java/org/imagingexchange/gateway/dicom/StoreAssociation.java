// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one association of the C-STORE SCP on its own thread: PixelMed negotiates it (and rejects
 * a wrong called AE title), then each C-ECHO or C-STORE request is answered in turn until the peer
 * releases or aborts. A failure of one instance is answered with a status; the association goes on.
 */
final class StoreAssociation implements Runnable {

    private static final Logger LOG = Logger.getLogger(StoreAssociation.class.getName());
    private static final int RELEASE_WAIT_MILLIS = 500;

    static {
        shortenReleaseWait();
    }

    private final Socket socket;
    private final StoreScpConfig config;
    private final InstanceReceiver receiver;
    private final int maxPduLength;

    StoreAssociation(Socket socket, StoreScpConfig config, InstanceReceiver receiver, int maxPduLength) {
        this.socket = socket;
        this.config = config;
        this.receiver = receiver;
        this.maxPduLength = maxPduLength;
    }

    @Override
    public void run() {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            Association association = AssociationFactory.createNewAssociation(socket, config.aeTitle(), maxPduLength,
                    AssociationFactory.getDefaultReceiveBufferSize(), AssociationFactory.getDefaultSendBufferSize(),
                    new StorePolicy());
            String calling = association.getCallingAETitle();
            LOG.fine(() -> "association from " + calling + " at " + peer);
            while (serveOne(association, calling)) {
                // next request
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "association with " + peer + " ended: " + e.getMessage(), e);
        }
    }

    /**
     * PixelMed answers A-RELEASE-RQ and then waits a blind 5 s (a private static ARTIM constant)
     * before closing the connection, holding this thread; with senders that open one association
     * per instance that caps the SCP at a few associations per second. Half a second still lets the
     * requestor close first (PS3.8 section 9.1.6). If PixelMed changes, the 5 s simply stay.
     */
    private static void shortenReleaseWait() {
        try {
            Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
            f.setAccessible(true);
            f.setInt(null, RELEASE_WAIT_MILLIS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "PixelMed's release wait stays at its default", e);
        }
    }

    /** Receives and answers one request; false once the peer has released the association. */
    private boolean serveOne(Association association, String calling) throws Exception {
        DimseRequest request = new DimseRequest(config.spoolDirectory(), config.limits().maxFileBytes());
        try {
            association.setReceivedDataHandler(request);
            association.waitForPDataPDUsUntilHandlerReportsDone();
        } catch (AReleaseException e) {
            request.discard();
            return false;
        } catch (Exception e) {
            request.discard();
            throw e;
        }
        byte[] response;
        if (request.commandField() == DimseCommands.C_ECHO_RQ) {
            response = DimseCommands.echoResponse(request.sopClassUid(), request.messageId());
        } else if (request.commandField() == DimseCommands.C_STORE_RQ && request.file() != null
                || request.overLimit()) {
            StoreOutcome outcome = StoreOutcome.of(request, config.limits(), receiver, calling);
            response = DimseCommands.storeResponse(request.sopClassUid(), request.sopInstanceUid(),
                    request.messageId(), outcome.status(), outcome.comment());
        } else {
            request.discard();
            throw new IOException("unsupported DIMSE command 0x" + Integer.toHexString(request.commandField()));
        }
        association.send(request.presentationContextId(), response, null);
        return true;
    }
}
