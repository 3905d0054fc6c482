// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import org.openehealth.ipf.commons.ihe.xds.core.XdsRuntimeException;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;

/**
 * Business errors of the embedded XDS actors as IPF {@link ErrorInfo}s (ITI TF-3 4.2.4,
 * Table 4.2.4.1-2). Failures carrying an IHE code (IPF's {@link XDSMetaDataException} from the
 * validators, {@link XdsRuntimeException} thrown by our own checks) keep it; anything else
 * becomes the actor's generic error with a generic context, the details going to the log only.
 */
public final class XdsErrors {
    private XdsErrors() {}

    /** An error to throw from inside a check; rolls back the surrounding transaction. */
    public static XdsRuntimeException error(ErrorCode code, String context, String location) {
        return new XdsRuntimeException(code, context, Severity.ERROR, location);
    }

    /** True when {@code e} (or a cause) carries an IHE error code, i.e. it is not an internal failure. */
    public static boolean isBusinessError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XDSMetaDataException || t instanceof XdsRuntimeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ErrorInfo for {@code e}.
     *
     * @param defaultMetadataError code for an IPF validation message that carries none
     * @param internalError        code for unexpected failures
     */
    public static ErrorInfo toErrorInfo(Throwable e, ErrorCode defaultMetadataError, ErrorCode internalError,
                                        String location) {
        if (!isBusinessError(e)) {
            return new ErrorInfo(internalError, "internal error, see the server log", Severity.ERROR, location, null);
        }
        ErrorInfo info = new ErrorInfo(e, defaultMetadataError, internalError, location);
        if (info.getLocation() == null) {
            info.setLocation(location);
        }
        if (info.getSeverity() == null) {
            info.setSeverity(Severity.ERROR);
        }
        return info;
    }
}
