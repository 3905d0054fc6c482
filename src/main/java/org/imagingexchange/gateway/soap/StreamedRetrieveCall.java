// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One retrieve (ITI-39 / RAD-75 to a partner, ITI-43 / RAD-69 to this community's external
 * repository or Imaging Document Source) over plain HttpURLConnection, so that its answer can be
 * read as a stream ({@link StreamedRetrieveAnswer}) instead of through CXF's client, which
 * spools the attachments to disk first. The request is what the CXF clients send: SOAP 1.2,
 * WS-Addressing (Action with mustUnderstand, IHE-WSA101), the outbound XUA header from
 * {@link SecurityHeaderInterceptor#security}, over the peer's (mutual) TLS. The connection's
 * read timeout is the peer's idle-read timeout: it applies to every read of the answer, also
 * while its documents are written to our consumer, and never cuts a retrieve while bytes flow.
 */
public final class StreamedRetrieveCall {
    public static final String ITI39_ACTION = "urn:ihe:iti:2007:CrossGatewayRetrieve";
    public static final String RAD75_ACTION = "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet";
    public static final String ITI43_ACTION = "urn:ihe:iti:2007:RetrieveDocumentSet";
    public static final String RAD69_ACTION = "urn:ihe:rad:2009:RetrieveImagingDocumentSet";
    private static final String SOAP12 = StreamedRetrieveAnswer.SOAP12;
    private static final String WSA = StreamedRetrieveAnswer.WSA;
    private static final String ANONYMOUS = WSA + "/anonymous";
    private static final JAXBContext JAXB;

    static {
        try {
            JAXB = JAXBContext.newInstance(RetrieveDocumentSetRequestType.class,
                    RetrieveImagingDocumentSetRequestType.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final URI url;
    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final Duration idleTimeout;

    public StreamedRetrieveCall(URI url, SSLSocketFactory tls, Duration connectTimeout, Duration idleTimeout) {
        this.url = url;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Sends {@code body} (a JAXB request element) and returns the answer once its SOAP part has
     * been read; the documents' DataHandlers read the rest of the connection. A transport
     * failure, a fault or a malformed answer is an exception (the community is unavailable).
     */
    public RetrieveDocumentSetResponseType send(String action, Object body, Element assertion) {
        byte[] request = envelope(action, url, body, assertion);
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            if (c instanceof HttpsURLConnection https && tls != null) {
                https.setSSLSocketFactory(tls); // the peer's own: host name (and a partner's certificate pin) checked in the handshake
            }
            c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
            c.setInstanceFollowRedirects(false);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setFixedLengthStreamingMode(request.length);
            c.setRequestProperty("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + action + "\"");
            c.setRequestProperty("Accept", "multipart/related, application/soap+xml");
            try (OutputStream out = c.getOutputStream()) {
                out.write(request);
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            if (in == null || status != 200 && status != 500) {
                if (in != null) {
                    in.close();
                }
                throw new SoapCallException("the peer answered HTTP " + status);
            }
            StreamedRetrieveAnswer answer = StreamedRetrieveAnswer.read(in, c.getContentType(),
                    StreamedRetrieveAnswer.Limits.DEFAULT);
            if (status != 200) { // a 500 without a fault in it
                answer.close();
                throw new SoapCallException("the peer answered HTTP " + status);
            }
            return answer.response();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SOAP 1.2 request envelope, as bytes. */
    static byte[] envelope(String action, URI to, Object body, Element assertion) {
        Document doc = SecurityHeaderInterceptor.newDocument();
        Element envelope = doc.createElementNS(SOAP12, "soap:Envelope");
        doc.appendChild(envelope);
        Element header = child(envelope, SOAP12, "soap:Header", null);
        child(header, WSA, "wsa:Action", action).setAttributeNS(SOAP12, "soap:mustUnderstand", "true");
        child(header, WSA, "wsa:MessageID", "urn:uuid:" + UUID.randomUUID());
        child(header, WSA, "wsa:To", to.toString());
        child(child(header, WSA, "wsa:ReplyTo", null), WSA, "wsa:Address", ANONYMOUS);
        if (assertion != null) {
            Element security = SecurityHeaderInterceptor.security(doc, assertion);
            security.setAttributeNS(SOAP12, "soap:mustUnderstand", "true");
            header.appendChild(security);
        }
        Element soapBody = child(envelope, SOAP12, "soap:Body", null);
        try {
            JAXB.createMarshaller().marshal(body, soapBody);
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (JAXBException | TransformerException e) {
            throw new IllegalStateException("cannot write the request envelope", e);
        }
    }

    private static Element child(Element parent, String ns, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }
}
