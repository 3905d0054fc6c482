// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.soap.MultipartReader;

/**
 * A lean RAD-69 consumer beside the CXF client: the same request as a hand-written SOAP 1.2
 * envelope over a plain socket ({@link SocketHttp}), the MTOM answer split into its parts by the gateway's
 * streaming {@link MultipartReader} (the SOAP part, then one attachment per instance, each read
 * to its end and counted). Comparing it with {@link Rad69Retrieval} separates what the server
 * costs from what CXF's client-side attachment parsing costs. {@code bytes} includes the MIME
 * framing; {@code attachmentBytes} is the instances' bytes alone.
 */
final class RawHttpRad69 {
    /** The RegistryResponse status attribute of the SOAP part. */
    private static final Pattern STATUS = Pattern.compile("RegistryResponse[^>]*\\sstatus=\"([^\"]+)\"");

    private final URI url;
    private final byte[] envelope;

    /**
     * {@code registryStatus} is the RegistryResponse status of the SOAP part (null when there was
     * none); {@code envelopeNanos} the time from the request to the end of the SOAP part.
     */
    record Result(long bytes, long nanos, int status, Map<String, List<String>> headers, int attachments,
                  long attachmentBytes, String registryStatus, long envelopeNanos) {
        double mbPerSecond() {
            return bytes / (double) (1 << 20) / (nanos / 1e9);
        }
    }

    RawHttpRad69(String url, BenchStudy study) {
        this(url, study, BenchGateway.REPOSITORY, null);
    }

    /**
     * The whole study from {@code repository}; with a {@code homeCommunityId} every
     * DocumentRequest names it (a retrieve through an Initiating Imaging Gateway).
     */
    RawHttpRad69(String url, BenchStudy study, String repository, String homeCommunityId) {
        this.url = URI.create(url);
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" ")
                .append("xmlns:a=\"http://www.w3.org/2005/08/addressing\"><s:Header>")
                .append("<a:Action s:mustUnderstand=\"1\">urn:ihe:rad:2009:RetrieveImagingDocumentSet</a:Action>")
                .append("<a:MessageID>urn:uuid:MESSAGE_ID</a:MessageID>")
                .append("<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>")
                .append("</s:Header><s:Body><iherad:RetrieveImagingDocumentSetRequest ")
                .append("xmlns:iherad=\"urn:ihe:rad:xdsi-b:2009\" xmlns:xdsb=\"urn:ihe:iti:xds-b:2007\">")
                .append("<iherad:StudyRequest studyInstanceUID=\"").append(study.studyUid()).append("\">");
        study.sopsBySeries().forEach((series, sops) -> {
            sb.append("<iherad:SeriesRequest seriesInstanceUID=\"").append(series).append("\">");
            for (String sop : sops) {
                sb.append("<xdsb:DocumentRequest>");
                if (homeCommunityId != null) {
                    sb.append("<xdsb:HomeCommunityId>").append(homeCommunityId).append("</xdsb:HomeCommunityId>");
                }
                sb.append("<xdsb:RepositoryUniqueId>").append(repository)
                        .append("</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>").append(sop)
                        .append("</xdsb:DocumentUniqueId></xdsb:DocumentRequest>");
            }
            sb.append("</iherad:SeriesRequest>");
        });
        sb.append("</iherad:StudyRequest><iherad:TransferSyntaxUIDList><iherad:TransferSyntaxUID>")
                .append(study.transferSyntax()).append("</iherad:TransferSyntaxUID></iherad:TransferSyntaxUIDList>")
                .append("</iherad:RetrieveImagingDocumentSetRequest></s:Body></s:Envelope>");
        this.envelope = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    Result retrieve() throws IOException {
        byte[] body = new String(envelope, StandardCharsets.UTF_8).replace("MESSAGE_ID", UUID.randomUUID().toString())
                .getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        SocketHttp.Response c = SocketHttp.post(url,
                "application/soap+xml; charset=UTF-8; action=\"urn:ihe:rad:2009:RetrieveImagingDocumentSet\"", body);
        int status = c.status();
        String boundary = MultipartReader.boundary(c.header("content-type"));
        int attachments = 0;
        long attachmentBytes = 0;
        String registryStatus = null;
        long envelopeNanos = 0;
        CountingStream counted;
        try (InputStream in = counted = new CountingStream(c.body())) {
            byte[] buf = new byte[1 << 16];
            if (status == 200 && boundary != null) {
                MultipartReader mime = new MultipartReader(in, boundary);
                MultipartReader.Part soap = mime.next();
                if (soap != null) {
                    Matcher m = STATUS.matcher(new String(soap.body().readNBytes(16 << 20), StandardCharsets.UTF_8));
                    registryStatus = m.find() ? m.group(1) : null;
                }
                envelopeNanos = System.nanoTime() - start;
                for (MultipartReader.Part p; (p = mime.next()) != null; ) {
                    attachments++;
                    InputStream part = p.body();
                    for (int n; (n = part.read(buf)) >= 0; ) {
                        attachmentBytes += n;
                    }
                }
            }
            while (in.read(buf) >= 0) {
                // an error answer, or an epilogue
            }
        }
        long nanos = System.nanoTime() - start;
        return new Result(counted.count, nanos, status, c.headers(), attachments, attachmentBytes,
                registryStatus, envelopeNanos);
    }
}
