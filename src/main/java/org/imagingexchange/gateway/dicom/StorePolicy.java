// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;

/**
 * Presentation context negotiation of the C-STORE SCP (PS3.8 section 9.3.3.2): accepts Verification
 * and every storage SOP class (PixelMed's list, plus anything under the standard storage root so
 * newer classes are not refused), each with the first proposed transfer syntax in
 * {@link TransferSyntaxes#STORAGE}, so the sender's preference order is kept.
 */
final class StorePolicy implements PresentationContextSelectionPolicy {

    private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";
    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber) {
        for (Object o : contexts) {
            PresentationContext pc = (PresentationContext) o;
            String chosen = null;
            for (Object ts : pc.getTransferSyntaxUIDs()) {
                if (chosen == null && TransferSyntaxes.STORAGE.contains(String.valueOf(ts).trim())) {
                    chosen = String.valueOf(ts).trim();
                }
            }
            byte result = !isAccepted(pc.getAbstractSyntaxUID()) ? ABSTRACT_SYNTAX_NOT_SUPPORTED
                    : chosen == null ? TRANSFER_SYNTAXES_NOT_SUPPORTED : ACCEPTANCE;
            pc.newTransferSyntaxUIDs();
            pc.addTransferSyntaxUID(result == ACCEPTANCE ? chosen : TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);
            pc.setResultReason(result);
        }
        return contexts;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber, int debugLevel) {
        return applyPresentationContextSelectionPolicy(contexts, associationNumber);
    }

    static boolean isAccepted(String abstractSyntax) {
        if (abstractSyntax == null) {
            return false;
        }
        String as = abstractSyntax.trim();
        return SOPClass.isVerification(as) || SOPClass.isStorage(as) || as.startsWith(STORAGE_ROOT);
    }
}
