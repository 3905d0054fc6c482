// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Receives one DIMSE request (command, then data set if any) from PixelMed's association and
 * streams the data set into a Part 10 spool file as the PDVs arrive, so a large instance never
 * sits in memory. Extends CompositeResponseHandler only because it is the one public subclass of
 * PixelMed's ReceivedDataHandler; none of its response logic is used.
 */
final class DimseRequest extends CompositeResponseHandler {

    static final String SPOOL_PREFIX = "cstore-";
    private static final int MAX_COMMAND = 64 * 1024;
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final Path spoolDirectory;
    private final long maxFileBytes;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private AttributeList commandList;
    private byte contextId;
    private Path file;
    private OutputStream data;
    private long dataBytes;
    private boolean overLimit;

    DimseRequest(Path spoolDirectory, long maxFileBytes) {
        this.spoolDirectory = spoolDirectory;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public void sendPDataIndication(PDataPDU pdu, Association association)
            throws DicomNetworkException, DicomException, IOException {
        for (Object o : pdu.getPDVList()) {
            PresentationDataValue pdv = (PresentationDataValue) o;
            byte[] value = pdv.getValue();
            if (pdv.isCommand()) {
                command(pdv, value, association);
            } else {
                data(pdv, value);
            }
        }
    }

    private void command(PresentationDataValue pdv, byte[] value, Association association)
            throws DicomNetworkException, DicomException, IOException {
        if (commandList != null || command.size() + value.length > MAX_COMMAND) {
            throw new DicomNetworkException("unexpected or oversized DIMSE command");
        }
        command.write(value);
        if (!pdv.isLastFragment()) {
            return;
        }
        contextId = pdv.getPresentationContextID();
        commandList = getAttributeListFromCommandOrData(command.toByteArray(), TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);
        if (Attribute.getSingleIntegerValueOrDefault(commandList, TagFromName.CommandDataSetType, 0)
                == DimseCommands.NO_DATA_SET) {
            setDone(true);
        } else if (commandField() == DimseCommands.C_STORE_RQ) {
            if (!isUid(sopClassUid()) || !isUid(sopInstanceUid())) {
                throw new DicomNetworkException("C-STORE request without valid Affected SOP Class/Instance UIDs");
            }
            String ts = association.getTransferSyntaxForPresentationContextID(contextId);
            file = Files.createTempFile(spoolDirectory, SPOOL_PREFIX, ".dcm");
            data = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024);
            MetaHeaderWriter.write(data, MetaHeaderWriter.forInstance(sopClassUid(), sopInstanceUid(), ts,
                    association.getCallingAETitle()));
        }
    }

    private void data(PresentationDataValue pdv, byte[] value) throws DicomNetworkException, IOException {
        if (commandList == null) {
            throw new DicomNetworkException("data before command");
        }
        dataBytes += value.length;
        if (data != null && !overLimit) {
            if (dataBytes > maxFileBytes) {
                overLimit = true;
                data.close();
                Files.deleteIfExists(file);
            } else {
                data.write(value);
            }
        }
        if (pdv.isLastFragment()) {
            if (data != null && !overLimit) {
                data.close();
            }
            setDone(true);
        }
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
        // not a response handler
    }

    private static boolean isUid(String uid) {
        return uid != null && uid.length() <= 64 && UID.matcher(uid).matches();
    }

    int commandField() {
        return Attribute.getSingleIntegerValueOrDefault(commandList, TagFromName.CommandField, -1);
    }

    int messageId() {
        return Attribute.getSingleIntegerValueOrDefault(commandList, TagFromName.MessageID, 0);
    }

    String sopClassUid() {
        String s = Attribute.getSingleStringValueOrNull(commandList, TagFromName.AffectedSOPClassUID);
        return s == null ? null : s.trim();
    }

    String sopInstanceUid() {
        String s = Attribute.getSingleStringValueOrNull(commandList, TagFromName.AffectedSOPInstanceUID);
        return s == null ? null : s.trim();
    }

    byte presentationContextId() {
        return contextId;
    }

    /** The spooled Part 10 file, or null if there is none (no data set, or over the size limit). */
    Path file() {
        return overLimit ? null : file;
    }

    boolean overLimit() {
        return overLimit;
    }

    /** Closes and deletes the spool file, whatever state the request is in. */
    void discard() {
        try {
            if (data != null) {
                data.close();
            }
        } catch (IOException ignored) {
            // deleting anyway
        }
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover is removed when the SCP next starts
        }
    }
}
