// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.addressing.AddressingProperties;
import org.apache.cxf.ws.addressing.ContextUtils;
import org.apache.cxf.ws.addressing.MAPAggregator;
import org.apache.cxf.ws.addressing.Names;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.imagingexchange.gateway.security.xua.XuaSecurity;

/**
 * Turns every SOAP fault the gateway sends into one with a generic reason (DESIGN section 5):
 * parser, schema and internal errors carry class names, parser positions and sometimes input
 * the caller sent, so the original goes to the log with a stable code and the caller gets
 * <ul>
 *   <li>Sender (HTTP 400, SOAP 1.2 Part 2 section 7.5.2.2) with "invalid request" for a
 *       malformed message, bytes that are not text in the declared encoding, a DTD, an XML
 *       limit or a body that does not match the transaction;</li>
 *   <li>Receiver (HTTP 500) with "internal error" for anything that went wrong on our side;</li>
 *   <li>WS-Addressing, MustUnderstand and VersionMismatch faults unchanged: their codes and
 *       reasons are the fixed texts of those specifications.</li>
 * </ul>
 * A Sender, WS-Addressing, MustUnderstand or VersionMismatch fault is a refused request: it is
 * audited as a Security Alert with the original reason (unless the XUA check refused it and
 * audited it already). Any detail element is dropped, and the WS-Addressing Action of the fault is the SOAP fault
 * action of WS-Addressing 1.0 (CXF derives one from the exception class name otherwise).
 */
final class GenericFaultInterceptor extends AbstractSoapInterceptor {
    private static final Logger LOG = Logger.getLogger(GenericFaultInterceptor.class.getName());
    static final String INVALID_REQUEST = "Invalid request: the message is not well-formed, exceeds an input limit "
            + "or does not match the schema of this transaction";
    static final String INTERNAL_ERROR = "Internal error: the request could not be processed";

    GenericFaultInterceptor() {
        super(Phase.PRE_LOGICAL);
        addAfter(MAPAggregator.class.getName());
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Exception e = message.getContent(Exception.class);
        if (e == null) {
            return;
        }
        Fault original = e instanceof Fault f ? f : new Fault(e);
        SoapFault generic = generic(SoapFault.createFault(original, message.getVersion()), message);
        if (generic != original) {
            message.setContent(Exception.class, generic);
        }
        AddressingProperties maps = ContextUtils.retrieveMAPs(message, false, true, false);
        if (maps != null && maps.getAction() != null) {
            maps.setAction(ContextUtils.getAttributedURI(Names.WSA_DEFAULT_SOAP_FAULT_ACTION));
        }
    }

    private static SoapFault generic(SoapFault fault, SoapMessage message) {
        QName code = fault.getFaultCode();
        String kind = code == null ? "Receiver" : code.getLocalPart();
        boolean addressing = fault.getSubCodes() != null && fault.getSubCodes().stream()
                .anyMatch(s -> Names.WSA_NAMESPACE_NAME.equals(s.getNamespaceURI()));
        Message in = message.getExchange().getInMessage();
        String endpoint = in == null ? "?" : String.valueOf(in.get(Message.REQUEST_URI));
        boolean audited = XuaSecurity.refused(message.getExchange());
        if (addressing || List.of("MustUnderstand", "VersionMismatch", "DataEncodingUnknown").contains(kind)) {
            LOG.info(() -> "SOAP-FAULT-001 " + kind + " fault on " + endpoint + ": " + fault.getMessage());
            if (!audited) {
                AuditHooks.refusedMessage(in, "SOAP-FAULT-001 " + kind + " fault: " + fault.getMessage());
            }
            fault.setDetail(null);
            fault.setStatusCode(addressing ? 400 : 500);
            return fault;
        }
        boolean sender = kind.equals("Sender") || kind.equals("Client") || unreadable(fault);
        Throwable cause = fault.getCause() != null ? fault.getCause() : fault;
        if (sender) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause(); // "Couldn't parse stream" says nothing; the limit or IO error below it does
            }
            String reason = fault.getMessage() + (cause != fault ? " (" + cause + ")" : "")
                    + (root != cause ? " caused by " + root : "");
            LOG.info(() -> "SOAP-FAULT-002 invalid request on " + endpoint + ": " + reason);
            if (!audited) {
                AuditHooks.refusedMessage(in, "SOAP-FAULT-002 invalid request: " + reason);
            }
        } else {
            LOG.log(Level.WARNING, "SOAP-FAULT-003 internal error on " + endpoint + ": "
                    + fault.getMessage(), cause);
        }
        SoapFault answer = new SoapFault(sender ? INVALID_REQUEST : INTERNAL_ERROR,
                sender ? message.getVersion().getSender() : message.getVersion().getReceiver());
        answer.setStatusCode(sender ? 400 : 500);
        return answer;
    }

    /**
     * Bytes that are not XML in the declared encoding (invalid UTF-8, a gzip body sent as XML):
     * CXF reports them as an internal "Couldn't parse stream", but the fault is the sender's.
     */
    static boolean unreadable(Throwable fault) {
        for (Throwable t = fault; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.xml.stream.XMLStreamException || t instanceof java.io.CharConversionException
                    || t instanceof java.nio.charset.CharacterCodingException) {
                return true;
            }
        }
        return false;
    }
}
