// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.attachment.AttachmentUnmarshaller;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;

/**
 * A partner's ITI-39 / RAD-75 answer (or an ITI-43 / RAD-69 answer of this community's external
 * repository or Imaging Document Source) read as it arrives from the HTTP response: the SOAP part is
 * parsed at once (bounded), each document's xop:Include becomes a {@link DataHandler} whose
 * stream reads that MIME part straight from the partner's connection when our own answer writes
 * it. CXF's client instead copied every attachment to a temp file before returning (store and
 * forward on disk, bench/README.md); here nothing from a partner touches the disk as long as the
 * documents are read in the order the partner sent them, which is the envelope order for every
 * responding gateway we know (ours writes attachments in DocumentResponse order).
 *
 * <p>A document read out of that order finds its part already passed: the parts passed over on
 * the way to it are spooled to owner-only temp files, bounded, deleted when read or at
 * {@link #close()} (the only way partner bytes reach the disk; logged, without patient data).
 *
 * <p>Errors a partner can cause: a SOAP fault, another content type, a truncated or malformed
 * multipart, an oversize envelope, too many parts: an exception here (the community is then
 * XDSUnavailableCommunity), or an IOException from a document's stream when its part is missing
 * or cut short, which breaks our answer off (a streamed answer cannot turn into a fault).
 */
public final class StreamedRetrieveAnswer implements Closeable {
    private static final Logger LOG = Logger.getLogger(StreamedRetrieveAnswer.class.getName());
    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WSA = "http://www.w3.org/2005/08/addressing";
    private static final JAXBContext JAXB;
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        try {
            JAXB = JAXBContext.newInstance(RetrieveDocumentSetResponseType.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
        // untrusted input: no DTD, no external entities (and the envelope's size is bounded)
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /**
     * Bounds on what a partner sends: the SOAP part's bytes, the MIME parts of the answer, and a
     * part spooled when documents are read out of order.
     */
    record Limits(long envelopeBytes, int parts, long spoolBytes) {
        /** A SOAP part of 10,000 DocumentResponses is about 6 MB; parts and spool as gateway.attachment.max.*. */
        static final Limits DEFAULT = new Limits(32L << 20, 10_000, 4L << 30);
    }

    private final InputStream in;
    private final MultipartReader mime; // null: a plain SOAP answer without attachments
    private final Limits limits;
    private final Map<String, Part> byContentId = new LinkedHashMap<>();
    private RetrieveDocumentSetResponseType response;
    private int partsSeen;
    private int unread;
    private boolean closed;
    private boolean spoolLogged;

    private StreamedRetrieveAnswer(InputStream in, MultipartReader mime, Limits limits) {
        this.in = in;
        this.mime = mime;
        this.limits = limits;
    }

    /**
     * Reads the SOAP part of {@code in} (an HTTP response body of {@code contentType}); the
     * attachments stay in {@code in} until read. {@code in} is closed on failure, and when the
     * last document has been read or at {@link #close()}.
     */
    static StreamedRetrieveAnswer read(InputStream in, String contentType, Limits limits) throws IOException {
        try {
            String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
            StreamedRetrieveAnswer answer;
            InputStream envelope;
            if (type.startsWith("multipart/related")) {
                String boundary = MultipartReader.boundary(contentType);
                if (boundary == null) {
                    throw new IOException("multipart answer without a boundary");
                }
                MultipartReader mime = new MultipartReader(in, boundary);
                answer = new StreamedRetrieveAnswer(in, mime, limits);
                MultipartReader.Part root = mime.next();
                if (root == null) {
                    throw new IOException("multipart answer without a SOAP part");
                }
                answer.partsSeen = 1;
                String start = MultipartReader.parameter(contentType, "start");
                if (start != null && !unbracket(start).equals(root.contentId())) {
                    throw new IOException("the SOAP part is not the first MIME part");
                }
                envelope = root.body();
            } else if (type.startsWith("application/soap+xml") || type.startsWith("text/xml")) {
                answer = new StreamedRetrieveAnswer(in, null, limits);
                envelope = in;
            } else {
                throw new IOException("unexpected content type of the answer: "
                        + (type.length() > 60 ? type.substring(0, 60) : type));
            }
            answer.response = answer.parse(new Bounded(envelope, limits.envelopeBytes()));
            answer.unread = answer.byContentId.size();
            if (answer.unread == 0) {
                answer.close();
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    RetrieveDocumentSetResponseType response() {
        return response;
    }

    /** Ends the answer: the partner's connection is closed, spooled parts deleted. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (Part p : byContentId.values()) {
            p.discardSpool();
        }
        in.close();
    }

    private RetrieveDocumentSetResponseType parse(InputStream envelope) throws IOException {
        try {
            XMLStreamReader r = XML.createXMLStreamReader(envelope);
            try {
                r.nextTag();
                String soap = r.getNamespaceURI();
                if (!"Envelope".equals(r.getLocalName()) || !(SOAP12.equals(soap) || SOAP11.equals(soap))) {
                    throw new IOException("the answer is not a SOAP envelope");
                }
                r.nextTag();
                if ("Header".equals(r.getLocalName()) && soap.equals(r.getNamespaceURI())) {
                    checkHeaders(r, soap);
                    r.nextTag();
                }
                if (!"Body".equals(r.getLocalName()) || !soap.equals(r.getNamespaceURI())
                        || r.nextTag() != XMLStreamConstants.START_ELEMENT) {
                    throw new IOException("SOAP envelope without a body element");
                }
                if ("Fault".equals(r.getLocalName()) && soap.equals(r.getNamespaceURI())) {
                    // the fault's text is the partner's and could carry anything: not passed on
                    throw new SoapCallException("the peer answered with a SOAP fault");
                }
                if (!"RetrieveDocumentSetResponse".equals(r.getLocalName())
                        || !XdsNamespaces.XDS_B.equals(r.getNamespaceURI())) {
                    throw new IOException("the SOAP body is not a RetrieveDocumentSetResponse");
                }
                Unmarshaller u = JAXB.createUnmarshaller();
                u.setAttachmentUnmarshaller(new Includes());
                RetrieveDocumentSetResponseType value;
                try {
                    value = u.unmarshal(r, RetrieveDocumentSetResponseType.class).getValue();
                } catch (IllegalStateException e) {
                    throw new IOException(e.getMessage()); // from our attachment unmarshaller
                }
                for (RetrieveDocumentSetResponseType.DocumentResponse d : value.getDocumentResponse()) {
                    if (d.getDocument() != null && d.getDocument().getDataSource() instanceof Part p
                            && d.getMimeType() != null && !d.getMimeType().isBlank()) {
                        p.contentType = d.getMimeType();
                    }
                }
                return value;
            } finally {
                r.close();
            }
        } catch (XMLStreamException | JAXBException e) {
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof IOException io) {
                    throw io; // the size bound, a truncated stream
                }
                if (c instanceof IllegalStateException) {
                    throw new IOException(c.getMessage()); // from our attachment unmarshaller
                }
            }
            throw new IOException("malformed SOAP part of the answer: " + e.getClass().getSimpleName());
        }
    }

    /** SOAP: a header block we must understand and do not is a fault; we understand WS-Addressing only. */
    private static void checkHeaders(XMLStreamReader r, String soap) throws XMLStreamException, IOException {
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String mu = r.getAttributeValue(soap, "mustUnderstand");
            if (("1".equals(mu) || "true".equals(mu)) && !WSA.equals(r.getNamespaceURI())) {
                throw new IOException("the answer has a mustUnderstand header we do not understand");
            }
            for (int depth = 1; depth > 0; ) { // skip the block
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }
    }

    /** Resolves each xop:Include to a lazily streamed part; inline (base64) documents need no help. */
    private final class Includes extends AttachmentUnmarshaller {
        @Override
        public DataHandler getAttachmentAsDataHandler(String cid) {
            if (mime == null) {
                throw new IllegalStateException("xop:Include in an answer without attachments");
            }
            String id = contentId(cid);
            if (byContentId.containsKey(id)) {
                throw new IllegalStateException("two documents refer to one MIME part");
            }
            if (byContentId.size() >= limits.parts()) {
                throw new IllegalStateException("more than " + limits.parts() + " attachments in the answer");
            }
            Part p = new Part(id);
            byContentId.put(id, p);
            return new DataHandler(p);
        }

        @Override
        public byte[] getAttachmentAsByteArray(String cid) {
            throw new IllegalStateException("only documents may be attachments");
        }

        @Override
        public boolean isXOPPackage() {
            return mime != null;
        }
    }

    /**
     * Moves the multipart reader to {@code wanted}'s part and returns a stream over it. Parts
     * passed over that a document still needs are spooled (documents read out of order).
     */
    private synchronized InputStream open(Part wanted) throws IOException {
        if (wanted.spool != null) {
            Path file = wanted.spool;
            wanted.spool = null;
            return new PartStream(Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE), wanted);
        }
        if (wanted.opened) {
            throw new IOException("attachment " + wanted.contentId + " already read");
        }
        if (closed) {
            throw new IOException("the partner's answer is closed");
        }
        while (true) {
            MultipartReader.Part p = mime.next(); // skips what is left of the previous part
            if (p == null) {
                close();
                throw new IOException("no MIME part " + wanted.contentId + " in the partner's answer");
            }
            if (++partsSeen > limits.parts() + 1) {
                close();
                throw new IOException("more than " + limits.parts() + " attachments in the partner's answer");
            }
            String id = p.contentId();
            Part other = id == null ? null : byContentId.get(id);
            if (other == null && id != null) {
                other = byContentId.get(contentId(id));
            }
            if (other == wanted) {
                wanted.opened = true;
                return new PartStream(p.body(), wanted);
            }
            if (other != null && !other.opened && other.spool == null) {
                spool(other, p.body());
            } // else a part no document refers to, or one already read: skipped
        }
    }

    private void spool(Part part, InputStream body) throws IOException {
        if (!spoolLogged) {
            spoolLogged = true;
            LOG.info("XCA-IG-016 a partner's attachments are read out of their order: spooling to temp files");
        }
        Path file = Files.createTempFile("xca-part-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = body.read(buf)) >= 0; ) {
                total += n;
                if (total > limits.spoolBytes()) {
                    throw new IOException("an attachment to spool is larger than " + limits.spoolBytes() + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        part.spool = file;
    }

    private synchronized void finished(Part p) throws IOException {
        if (!p.finished) {
            p.finished = true;
            if (--unread == 0) {
                close(); // every document read: nothing more we need from this connection
            }
        }
    }

    /**
     * Readies a document for our own answer when it streams from another node's answer: that
     * answer's connection is closed once our SOAP answer is finished, even when our consumer left
     * mid-way, and the document is copied in large blocks. Other documents are left as they are.
     */
    public static void passThrough(RetrievedDocument d) {
        StreamedRetrieveAnswer answer = of(d.getDataHandler());
        if (answer != null) {
            AfterResponse.close(answer);
            d.setDataHandler(new BlockCopyDataHandler(d.getDataHandler().getDataSource()));
        }
    }

    /** The answer a document's DataHandler reads from, or null when it is not from one. */
    public static StreamedRetrieveAnswer of(DataHandler document) {
        return document != null && document.getDataSource() instanceof Part p ? p.answer() : null;
    }

    /** A document's MIME part, known by its Content-ID; read once. */
    private final class Part implements DataSource {
        final String contentId;
        String contentType = "application/octet-stream";
        boolean opened;
        boolean finished;
        Path spool;

        Part(String contentId) {
            this.contentId = contentId;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return open(this);
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return contentId;
        }

        StreamedRetrieveAnswer answer() {
            return StreamedRetrieveAnswer.this;
        }

        void discardSpool() throws IOException {
            if (spool != null) {
                Files.deleteIfExists(spool);
                spool = null;
            }
        }
    }

    /** A document's bytes; at its end or close, the document counts as read. */
    private final class PartStream extends FilterInputStream {
        private final Part part;

        PartStream(InputStream in, Part part) {
            super(in);
            this.part = part;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                finished(part);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                finished(part);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close(); // a spool file is deleted; closing a live part is a no-op, the next open skips its rest
            finished(part);
        }
    }

    /** Fails once more than {@code limit} bytes are read: a partner's envelope must stay small. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > limit) {
                throw new IOException("the SOAP part of the answer exceeds " + limit + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > limit) {
                throw new IOException("the SOAP part of the answer exceeds " + limit + " bytes");
            }
            return n;
        }

        @Override
        public void close() {
            // the multipart stream goes on: the attachments follow
        }
    }

    /** The Content-ID a cid: URL names (RFC 2392: percent-encoded, without angle brackets). */
    static String contentId(String href) {
        String s = href.regionMatches(true, 0, "cid:", 0, 4) ? href.substring(4) : href;
        if (s.indexOf('%') < 0) {
            return unbracket(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return unbracket(out.toString(StandardCharsets.UTF_8));
    }

    private static String unbracket(String id) {
        String s = id.strip();
        return s.length() >= 2 && s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }
}
