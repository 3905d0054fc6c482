// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * An envelope is Header?, Body and nothing else (SOAP 1.2 Part 1 section 5.1). CXF reads the
 * first Body and never looks further, so a second Body (or any element after the first) would
 * be dispatched unnoticed, and what one component reads could differ from what another does.
 * After the body is read, the rest of the envelope must be only its end tags.
 */
final class SingleBodyInterceptor extends AbstractSoapInterceptor {

    SingleBodyInterceptor() {
        super(Phase.POST_UNMARSHAL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader == null) {
            return;
        }
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    throw new SoapFault("an element after the SOAP Body: " + reader.getName(),
                            message.getVersion().getSender());
                }
                if (event == XMLStreamConstants.END_ELEMENT && "Envelope".equals(reader.getLocalName())
                        && message.getVersion().getNamespace().equals(reader.getNamespaceURI())) {
                    return;
                }
            }
        } catch (XMLStreamException e) {
            throw new SoapFault("the envelope after the Body is not well-formed", e, message.getVersion().getSender());
        }
    }
}
