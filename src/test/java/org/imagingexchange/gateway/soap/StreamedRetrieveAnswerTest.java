// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;

/** A partner's MTOM answer read as a stream: envelope, xop:Include hrefs, parts in order, and the bad cases. */
class StreamedRetrieveAnswerTest {
    private static final String BOUNDARY = "uuid:0f6e2c1a-5b7d-4e1f-9a3c-00000000beef";
    private static final String TYPE = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + BOUNDARY
            + "\"; start=\"<root.message@cxf.apache.org>\"; start-info=\"application/soap+xml\"";
    private static final StreamedRetrieveAnswer.Limits LIMITS = new StreamedRetrieveAnswer.Limits(1 << 20, 100, 1 << 20);

    private static List<byte[]> documents() {
        Random random = new Random(7);
        List<byte[]> docs = new ArrayList<>();
        for (int size : new int[] {300_001, 0, 65_536, 17}) {
            byte[] d = new byte[size];
            random.nextBytes(d);
            docs.add(d);
        }
        return docs;
    }

    /** What our responding gateway (CXF) sends: root part first, then one part per document in envelope order. */
    private static byte[] answer(List<byte[]> docs, String extraXml, List<Integer> partOrder) {
        StringBuilder xml = new StringBuilder("<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<soap:Header><Action xmlns=\"http://www.w3.org/2005/08/addressing\" soap:mustUnderstand=\"true\">"
                + "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSetResponse</Action></soap:Header><soap:Body>"
                + "<RetrieveDocumentSetResponse xmlns=\"urn:ihe:iti:xds-b:2007\" "
                + "xmlns:rs=\"urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0\"><rs:RegistryResponse status="
                + "\"urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success\">" + extraXml + "</rs:RegistryResponse>");
        for (int i = 0; i < docs.size(); i++) {
            xml.append("<DocumentResponse><HomeCommunityId>urn:oid:1.2.3</HomeCommunityId><RepositoryUniqueId>1.2.3.2"
                    + "</RepositoryUniqueId><DocumentUniqueId>1.2.3.4.").append(i).append("</DocumentUniqueId>"
                    + "<mimeType>application/dicom</mimeType><Document><xop:Include "
                    + "xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:doc").append(i)
                    .append("%40example.org\"/></Document></DocumentResponse>");
        }
        xml.append("</RetrieveDocumentSetResponse></soap:Body></soap:Envelope>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\""
                + "\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n" + xml)
                .getBytes(StandardCharsets.UTF_8));
        for (int i : partOrder) {
            out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\nContent-Transfer-Encoding: binary"
                    + "\r\nContent-ID: <doc" + i + "@example.org>\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(docs.get(i));
        }
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static List<Integer> inOrder(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    /** Counts what was read from the "connection" and whether it was closed. */
    private static final class Connection extends FilterInputStream {
        boolean closed;
        long read;

        Connection(byte[] body) {
            super(new ByteArrayInputStream(body));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    @Test
    void documentsStreamInOrderByteForByteAndTheConnectionClosesAfterTheLast() throws Exception {
        List<byte[]> docs = documents();
        byte[] body = answer(docs, "", inOrder(docs.size()));
        Connection c = new Connection(body);
        StreamedRetrieveAnswer a = StreamedRetrieveAnswer.read(c, TYPE, LIMITS);
        RetrieveDocumentSetResponseType r = a.response();
        assertEquals(docs.size(), r.getDocumentResponse().size());
        assertTrue(c.read < body.length - 300_000, "the attachments are not read with the envelope");
        for (int i = 0; i < docs.size(); i++) {
            var d = r.getDocumentResponse().get(i);
            assertEquals("1.2.3.4." + i, d.getDocumentUniqueId());
            assertEquals("application/dicom", d.getDocument().getContentType());
            assertFalse(c.closed);
            try (InputStream in = d.getDocument().getInputStream()) {
                assertArrayEquals(docs.get(i), in.readAllBytes(), "document " + i);
            }
        }
        assertTrue(c.closed, "the partner's connection is released after the last document");
        assertThrows(IOException.class, () -> r.getDocumentResponse().get(0).getDocument().getInputStream(),
                "a part is read once");
    }

    @Test
    void aDocumentLeftUnreadIsSkippedAndOneAskedOutOfOrderComesFromABoundedSpoolThatIsDeleted() throws Exception {
        List<byte[]> docs = documents();
        StreamedRetrieveAnswer a = StreamedRetrieveAnswer.read(new Connection(answer(docs, "", inOrder(docs.size()))),
                TYPE, LIMITS);
        var r = a.response().getDocumentResponse();
        try (InputStream in = r.get(0).getDocument().getInputStream()) {
            assertEquals(docs.get(0)[0] & 0xff, in.read()); // closed early: the rest is skipped
        }
        List<Path> before = spools();
        try (InputStream in = r.get(3).getDocument().getInputStream()) { // passes 1 and 2: spooled
            assertArrayEquals(docs.get(3), in.readAllBytes());
        }
        assertEquals(before.size() + 2, spools().size());
        try (InputStream in = r.get(2).getDocument().getInputStream()) {
            assertArrayEquals(docs.get(2), in.readAllBytes());
        }
        a.close();
        assertEquals(before, spools(), "spool files deleted after use and at close");
    }

    @Test
    void partsSentInAnotherOrderThanTheEnvelopeStillArriveWhole() throws Exception {
        List<byte[]> docs = documents();
        var r = StreamedRetrieveAnswer.read(new Connection(answer(docs, "", List.of(1, 0, 3, 2))), TYPE, LIMITS)
                .response().getDocumentResponse();
        for (int i = 0; i < docs.size(); i++) {
            try (InputStream in = r.get(i).getDocument().getInputStream()) {
                assertArrayEquals(docs.get(i), in.readAllBytes(), "document " + i);
            }
        }
    }

    @Test
    void aTruncatedAnswerFailsTheDocumentItCuts() throws Exception {
        List<byte[]> docs = documents();
        byte[] body = answer(docs, "", inOrder(docs.size()));
        Connection c = new Connection(Arrays.copyOf(body, body.length - 100));
        var r = StreamedRetrieveAnswer.read(c, TYPE, LIMITS).response().getDocumentResponse();
        for (int i = 0; i < 2; i++) {
            try (InputStream in = r.get(i).getDocument().getInputStream()) {
                in.readAllBytes();
            }
        }
        assertThrows(IOException.class, () -> {
            for (int i = 2; i < 4; i++) {
                try (InputStream in = r.get(i).getDocument().getInputStream()) {
                    in.readAllBytes();
                }
            }
        });
        // cut inside the SOAP part: no answer at all
        Connection early = new Connection(Arrays.copyOf(body, 300));
        assertThrows(IOException.class, () -> StreamedRetrieveAnswer.read(early, TYPE, LIMITS));
        assertTrue(early.closed);
    }

    @Test
    void anOversizeEnvelopeIsRefused() throws Exception {
        List<byte[]> docs = documents();
        String padding = "<rs:ResponseSlotList>" + "<rim:Slot xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\" "
                + "name=\"x\"><rim:ValueList><rim:Value>" + "x".repeat(2 << 20) + "</rim:Value></rim:ValueList></rim:Slot>"
                + "</rs:ResponseSlotList>";
        Connection c = new Connection(answer(docs, padding, inOrder(docs.size())));
        IOException e = assertThrows(IOException.class, () -> StreamedRetrieveAnswer.read(c, TYPE, LIMITS));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertTrue(c.closed);
    }

    @Test
    void anHrefWithoutItsPartFailsWhenThatDocumentIsRead() throws Exception {
        List<byte[]> docs = documents();
        var r = StreamedRetrieveAnswer.read(new Connection(answer(docs, "", List.of(0, 1, 2))), TYPE, LIMITS)
                .response().getDocumentResponse();
        for (int i = 0; i < 3; i++) {
            try (InputStream in = r.get(i).getDocument().getInputStream()) {
                assertArrayEquals(docs.get(i), in.readAllBytes());
            }
        }
        IOException e = assertThrows(IOException.class, () -> r.get(3).getDocument().getInputStream());
        assertTrue(e.getMessage().contains("no MIME part"), e.getMessage());
    }

    @Test
    void moreAttachmentsThanTheLimitAreRefused() {
        List<byte[]> docs = documents();
        var small = new StreamedRetrieveAnswer.Limits(1 << 20, 3, 1 << 20);
        assertThrows(IOException.class, () -> StreamedRetrieveAnswer.read(
                new Connection(answer(docs, "", inOrder(docs.size()))), TYPE, small));
    }

    @Test
    void aFaultAWrongContentTypeAndAForeignMustUnderstandHeaderAreErrors() {
        String fault = "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><env:Fault>"
                + "<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang=\"en\">"
                + "patient 123 not here</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>";
        SoapCallException f = assertThrows(SoapCallException.class, () -> StreamedRetrieveAnswer.read(
                new Connection(fault.getBytes(StandardCharsets.UTF_8)), "application/soap+xml; charset=UTF-8", LIMITS));
        assertFalse(f.getMessage().contains("123"), "the partner's fault text is not passed on");
        assertThrows(IOException.class, () -> StreamedRetrieveAnswer.read(
                new Connection("<html/>".getBytes(StandardCharsets.UTF_8)), "text/html", LIMITS));
        String header = "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Header>"
                + "<x:Secret xmlns:x=\"urn:x\" env:mustUnderstand=\"1\"/></env:Header><env:Body/></env:Envelope>";
        assertThrows(IOException.class, () -> StreamedRetrieveAnswer.read(
                new Connection(header.getBytes(StandardCharsets.UTF_8)), "application/soap+xml", LIMITS));
        String dtd = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><env:Envelope "
                + "xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>&e;</env:Body></env:Envelope>";
        assertThrows(IOException.class, () -> StreamedRetrieveAnswer.read(
                new Connection(dtd.getBytes(StandardCharsets.UTF_8)), "application/soap+xml", LIMITS));
    }

    @Test
    void aRegistryErrorListWithoutDocumentsIsAnAnswerAndReleasesTheConnection() throws Exception {
        String errors = "<rs:RegistryErrorList><rs:RegistryError errorCode=\"XDSDocumentUniqueIdError\" "
                + "codeContext=\"not found\" severity=\"urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error\"/>"
                + "</rs:RegistryErrorList>";
        Connection c = new Connection(answer(List.of(), errors, List.of()));
        var r = StreamedRetrieveAnswer.read(c, TYPE, LIMITS).response();
        assertEquals(1, r.getRegistryResponse().getRegistryErrorList().getRegistryError().size());
        assertTrue(c.closed);
    }

    @Test
    void cidUrlsArePercentDecoded() {
        assertEquals("doc0@example.org", StreamedRetrieveAnswer.contentId("cid:doc0%40example.org"));
        assertEquals("a b@x", StreamedRetrieveAnswer.contentId("cid:a%20b@x"));
        assertEquals("plain@x", StreamedRetrieveAnswer.contentId("<plain@x>"));
    }

    private static List<Path> spools() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("xca-part-")).sorted().toList();
        }
    }
}
