// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * SOAP 1.2 over plain {@code java.net.http}, so a test controls every byte it sends and sees every
 * byte of the answer (no CXF on the client side). Sends simple SOAP ({@code application/soap+xml})
 * or an MTOM package with the envelope as its only part, as IHE wants for retrieve requests.
 *
 * <pre>
 * String messageId = RawSoap.newMessageId();
 * RawSoap.Answer a = RawSoap.post(url, RawSoap.envelope(RawSoap.addressing(action, messageId, url), body), false);
 * MultipartBody mtom = a.multipart();
 * </pre>
 */
public final class RawSoap {
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSA = "http://www.w3.org/2005/08/addressing";
    public static final String ANONYMOUS = WSA + "/anonymous";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** One HTTP answer: status, Content-Type and the raw body. */
    public record Answer(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as an MTOM/multipart package; fails if it is not one. */
        public MultipartBody multipart() {
            return MultipartBody.parse(contentType, body);
        }

        @Override
        public String toString() {
            String t = text();
            return "HTTP " + status + " " + contentType + "\n" + (t.length() > 4000 ? t.substring(0, 4000) + "..." : t);
        }
    }

    private RawSoap() {}

    public static String newMessageId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /** WS-Addressing headers as IHE wants them: Action with mustUnderstand, MessageID, anonymous ReplyTo, To. */
    public static String addressing(String action, String messageId, String to) {
        return "<wsa:Action soap:mustUnderstand=\"1\">" + action + "</wsa:Action>"
                + "<wsa:MessageID>" + messageId + "</wsa:MessageID>"
                + "<wsa:ReplyTo><wsa:Address>" + ANONYMOUS + "</wsa:Address></wsa:ReplyTo>"
                + "<wsa:To>" + to + "</wsa:To>";
    }

    /** A SOAP 1.2 envelope (prefixes soap and wsa) around the given header blocks and body content. */
    public static String envelope(String headerBlocks, String bodyContent) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP12 + "\" xmlns:wsa=\"" + WSA + "\">"
                + (headerBlocks == null || headerBlocks.isEmpty() ? "" : "<soap:Header>" + headerBlocks + "</soap:Header>")
                + "<soap:Body>" + bodyContent + "</soap:Body></soap:Envelope>";
    }

    /** Strips an XML declaration, so a stored request body can go inside an envelope. */
    public static String withoutXmlDeclaration(String xml) {
        return xml.replaceFirst("^\\s*<\\?xml[^>]*\\?>", "").trim();
    }

    /** POSTs {@code envelope} as simple SOAP, or as an MTOM package when {@code mtom} is true. */
    public static Answer post(String url, String envelope, boolean mtom) throws IOException, InterruptedException {
        return post(url, envelope.getBytes(StandardCharsets.UTF_8), mtom);
    }

    public static Answer post(String url, byte[] envelope, boolean mtom) throws IOException, InterruptedException {
        String contentType = "application/soap+xml; charset=UTF-8";
        byte[] body = envelope;
        if (mtom) {
            String boundary = "uuid:" + UUID.randomUUID();
            String start = "<root." + UUID.randomUUID() + "@test>";
            contentType = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + boundary
                    + "\"; start=\"" + start + "\"; start-info=\"application/soap+xml\"";
            byte[] head = ("--" + boundary + "\r\nContent-Type: application/xop+xml; charset=UTF-8; "
                    + "type=\"application/soap+xml\"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: " + start
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            body = concat(List.of(head, envelope, tail));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
