// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.TlsIdentity;
import org.imagingexchange.gateway.security.pki.CommunityFiles;

/**
 * A partner's Responding Gateway in the test JVM: a JDK HTTPS server with the partner's lab
 * certificate that requires a client certificate from the lab CA (mutual TLS), answering
 * ITI-38 with a computed body after a configurable delay, and ITI-39 / RAD-75 with a real MTOM
 * multipart whose parts are the bytes of real files, streamed from disk. Every request is kept
 * (SOAP envelope text, client certificate) for the test to inspect.
 */
final class StubPartner implements AutoCloseable {
    static final String ITI38_RESPONSE_ACTION = "urn:ihe:iti:2007:CrossGatewayQueryResponse";
    static final String ITI39_RESPONSE_ACTION = "urn:ihe:iti:2007:CrossGatewayRetrieveResponse";
    static final String RAD75_RESPONSE_ACTION = "urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSetResponse";
    private static final Pattern MESSAGE_ID = Pattern.compile("MessageID[^>]*>([^<]+)<");
    private static final Pattern DOCUMENT = Pattern.compile(
            "<(?:\\w+:)?DocumentUniqueId>([^<]+)</(?:\\w+:)?DocumentUniqueId>");

    /** One request as received. */
    record Received(String path, String envelope, X509Certificate client, int remotePort) {}

    final String homeCommunityId;
    final String repositoryUniqueId;
    /** The lab node certificate it presents as its server certificate. */
    final X509Certificate certificate;
    private final HttpsServer server;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger queries = new AtomicInteger();
    volatile Duration delay = Duration.ZERO;
    /** Computes the AdhocQueryResponse element (XML text) from the request envelope. */
    volatile Function<String, String> queryAnswer = envelope -> StubResponses.emptyQueryResponse();
    /**
     * When set, ITI-39 / RAD-75 answer broken instead: "fault" (a SOAP 1.2 fault, HTTP 500),
     * "html" (HTTP 200 of text/html), "cut" (a multipart that ends inside its SOAP part).
     */
    volatile String brokenRetrieve;
    /** Files served by ITI-39 / RAD-75, by DocumentUniqueId. */
    final Map<String, Path> documents = new LinkedHashMap<>();

    StubPartner(CommunityFiles pki, String keyStorePassword, String trustStorePassword, String homeCommunityId,
                String repositoryUniqueId) throws Exception {
        this.homeCommunityId = homeCommunityId;
        this.repositoryUniqueId = repositoryUniqueId;
        SSLContext ssl = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore keys = org.imagingexchange.gateway.security.tls.NodeTlsClient.load(pki.keyStore(), keyStorePassword.toCharArray());
        certificate = (X509Certificate) keys.getCertificate("tls");
        kmf.init(keys, keyStorePassword.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(org.imagingexchange.gateway.security.tls.NodeTlsClient.load(pki.trustStore(), trustStorePassword.toCharArray()));
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/iti38", this::query);
        server.createContext("/iti39", e -> retrieve(e, ITI39_RESPONSE_ACTION));
        server.createContext("/rad75", e -> retrieve(e, RAD75_RESPONSE_ACTION));
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-partner");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    static StubPartner of(String community, String homeCommunityId) throws Exception {
        FederationPki pki = FederationPki.get();
        return new StubPartner(pki.community(community), pki.password(community, "keystore.password"),
                pki.password(community, "truststore.password"), homeCommunityId,
                "1.3.6.1.4.1.21367.2026." + homeCommunityId.split("\\.")[9] + ".2");
    }

    /** Its certificate as the partner file's TLS identity (subject DN and fingerprint). */
    TlsIdentity identity() {
        return new TlsIdentity(certificate.getSubjectX500Principal(), Certificates.sha256(certificate));
    }

    URI url(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    List<Received> received(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    private void query(HttpExchange e) throws IOException {
        String envelope = rootPart(e);
        queries.incrementAndGet();
        sleep(delay);
        String body = queryAnswer.apply(envelope);
        byte[] bytes = soap(ITI38_RESPONSE_ACTION, messageId(envelope), body).getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "application/soap+xml; charset=UTF-8");
        e.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Answers with every requested document it has, as MTOM parts streamed from the files. */
    private void retrieve(HttpExchange e, String action) throws IOException {
        String envelope = rootPart(e);
        sleep(delay);
        if (brokenRetrieve != null) {
            broken(e, envelope, brokenRetrieve);
            return;
        }
        List<String> requested = new ArrayList<>();
        Matcher m = DOCUMENT.matcher(envelope);
        while (m.find()) {
            requested.add(m.group(1));
        }
        String boundary = "uuid:" + UUID.randomUUID();
        StringBuilder xml = new StringBuilder();
        List<String> served = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String uid : requested) {
            if (documents.containsKey(uid)) {
                served.add(uid);
            } else {
                missing.add(uid);
            }
        }
        String status = missing.isEmpty() ? "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"
                : served.isEmpty() ? "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure"
                : "urn:ihe:iti:2007:ResponseStatusType:PartialSuccess";
        xml.append("<xdsb:RetrieveDocumentSetResponse xmlns:xdsb=\"urn:ihe:iti:xds-b:2007\" "
                + "xmlns:rs=\"urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0\"><rs:RegistryResponse status=\"")
                .append(status).append("\">");
        if (!missing.isEmpty()) {
            xml.append("<rs:RegistryErrorList>");
            for (String uid : missing) {
                xml.append("<rs:RegistryError errorCode=\"XDSDocumentUniqueIdError\" codeContext=\"not found\" "
                        + "severity=\"urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error\" location=\"")
                        .append(homeCommunityId).append("\"/>");
            }
            xml.append("</rs:RegistryErrorList>");
        }
        xml.append("</rs:RegistryResponse>");
        int i = 0;
        for (String uid : served) {
            xml.append("<xdsb:DocumentResponse><xdsb:HomeCommunityId>").append(homeCommunityId)
                    .append("</xdsb:HomeCommunityId><xdsb:RepositoryUniqueId>").append(repositoryUniqueId)
                    .append("</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>").append(uid)
                    .append("</xdsb:DocumentUniqueId><xdsb:mimeType>application/dicom</xdsb:mimeType>"
                            + "<xdsb:Document><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" "
                            + "href=\"cid:doc").append(i++).append("@stub\"/></xdsb:Document></xdsb:DocumentResponse>");
        }
        xml.append("</xdsb:RetrieveDocumentSetResponse>");
        e.getResponseHeaders().set("Content-Type", "multipart/related; type=\"application/xop+xml\"; boundary=\""
                + boundary + "\"; start=\"<root@stub>\"; start-info=\"application/soap+xml\"");
        e.sendResponseHeaders(200, 0); // chunked: the parts stream from disk
        try (OutputStream out = e.getResponseBody()) {
            write(out, "--" + boundary + "\r\nContent-Type: application/xop+xml; charset=UTF-8; "
                    + "type=\"application/soap+xml\"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root@stub>\r\n\r\n"
                    + soap(action, messageId(envelope), xml.toString()) + "\r\n");
            i = 0;
            for (String uid : served) {
                write(out, "--" + boundary + "\r\nContent-Type: application/dicom\r\nContent-Transfer-Encoding: binary\r\n"
                        + "Content-ID: <doc" + i++ + "@stub>\r\n\r\n");
                Files.copy(documents.get(uid), out);
                write(out, "\r\n");
            }
            write(out, "--" + boundary + "--\r\n");
        }
    }

    private static void broken(HttpExchange e, String envelope, String how) throws IOException {
        String type = "application/soap+xml; charset=UTF-8";
        int status = 200;
        String body;
        switch (how) {
            case "fault" -> {
                status = 500;
                body = soap("http://www.w3.org/2005/08/addressing/soap/fault", messageId(envelope),
                        "<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason>"
                                + "<soap:Text xml:lang=\"en\">down</soap:Text></soap:Reason></soap:Fault>");
            }
            case "html" -> {
                type = "text/html";
                body = "<html><body>proxy error</body></html>";
            }
            default -> {
                type = "multipart/related; type=\"application/xop+xml\"; boundary=\"cut\"";
                body = "--cut\r\nContent-Type: application/xop+xml\r\nContent-ID: <root@stub>\r\n\r\n<soap:Envelope "
                        + "xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body><RetrieveDocumentSetRes";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", type);
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The SOAP envelope of a request, plain or the root part of an MTOM package. */
    private String rootPart(HttpExchange e) throws IOException {
        String body;
        try (InputStream in = e.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int env = body.indexOf(":Envelope");
        int open = env < 0 ? -1 : body.lastIndexOf('<', env);
        int closeTag = body.lastIndexOf(":Envelope>");
        String envelope = open >= 0 && closeTag > open ? body.substring(open, closeTag + ":Envelope>".length()) : body;
        X509Certificate client = null;
        if (e instanceof HttpsExchange https) {
            try {
                client = (X509Certificate) https.getSSLSession().getPeerCertificates()[0];
            } catch (javax.net.ssl.SSLPeerUnverifiedException ex) {
                client = null;
            }
        }
        received.add(new Received(e.getHttpContext().getPath().substring(1), envelope, client,
                e.getRemoteAddress().getPort()));
        return envelope;
    }

    static String messageId(String envelope) {
        Matcher m = MESSAGE_ID.matcher(envelope);
        return m.find() ? m.group(1) : "urn:uuid:" + UUID.randomUUID();
    }

    static String soap(String action, String relatesTo, String body) {
        return "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><soap:Header>"
                + "<wsa:Action soap:mustUnderstand=\"1\">" + action + "</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + "<wsa:RelatesTo>" + relatesTo + "</wsa:RelatesTo></soap:Header><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(Duration d) {
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
