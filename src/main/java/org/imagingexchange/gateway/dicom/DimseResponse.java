// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.CompositeResponseHandler;

/**
 * Receives one DIMSE response (C-STORE-RSP, C-ECHO-RSP) and keeps its status and Error Comment,
 * which PixelMed's own SCU classes reduce to a success flag.
 */
final class DimseResponse extends CompositeResponseHandler {

    private String errorComment;

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
        status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, 0xFFFF);
        errorComment = Attribute.getSingleStringValueOrNull(list, TagFromName.ErrorComment);
        success = status == 0x0000 || (status & 0xF000) == 0xB000;
    }

    String errorComment() {
        return errorComment;
    }
}
