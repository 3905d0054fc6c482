// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A DICOMweb user agent (PS3.18) for one origin server, such as Orthanc's DICOMweb plugin:
 * QIDO-RS search, WADO-RS retrieve of single instances, STOW-RS store.
 *
 * <p>Built on {@code java.net.http} over HTTP/1.1; no DICOM toolkit: answers are DICOM JSON
 * (PS3.18 F.2) read by a small bounded reader, and instances travel as opaque Part 10 bytes.
 * Retrieves ask for {@code transfer-syntax=*} (PS3.18 8.7.3.5.2): without it Orthanc 1.10 /
 * DICOMweb plugin 1.7 transcodes every instance not stored in Explicit VR Little Endian to that
 * syntax, which breaks the gateway's promise to hand on the bytes the PACS holds.
 *
 * <p>Limits: connect timeout; a request timeout (until the answer is complete for QIDO-RS; until
 * the response headers for WADO-RS) and, for WADO-RS bodies, an idle-read timeout instead of a
 * deadline, so a large instance is not cut while bytes flow but a stalled PACS is; a store
 * timeout for STOW-RS; a size limit on JSON answers. UIDs are checked before they go into a URL.
 *
 * <pre>
 * DicomWebClient pacs = DicomWebClient.builder(URI.create("http://127.0.0.1:18042/dicom-web"))
 *         .requestTimeout(Duration.ofSeconds(30))
 *         .build();
 * for (QidoInstance i : pacs.searchInstances(studyUid)) {
 *     try (InputStream in = pacs.retrieveInstance(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid())) {
 *         in.transferTo(out);
 *     }
 * }
 * </pre>
 *
 * <p>Thread-safe; share one instance per origin server.
 */
public final class DicomWebClient {
    private static final String DICOM_JSON = "application/dicom+json";
    private static final String ACCEPT_INSTANCE =
            "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    /** Attribute keywords, tags, tag paths (00400275.00321060) and the QIDO-RS control words. */
    private static final Pattern QUERY_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.]{0,127}");
    private static final int ERROR_EXCERPT = 200;

    private final String base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration storeTimeout;
    private final Duration readIdleTimeout;
    private final int maxJsonBytes;

    private DicomWebClient(Builder b) {
        this.base = b.baseUrl.toString().replaceAll("/+$", "");
        this.requestTimeout = b.requestTimeout;
        this.storeTimeout = b.storeTimeout;
        this.readIdleTimeout = b.readIdleTimeout;
        this.maxJsonBytes = b.maxJsonBytes;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts a client for a DICOMweb base URL, e.g. {@code http://127.0.0.1:18042/dicom-web}. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The base URL requests are made under, without a trailing slash. */
    public String baseUrl() {
        return base;
    }

    /**
     * QIDO-RS Search for Studies (PS3.18 10.6). {@code query} holds matching keys, by keyword or
     * tag ({@code PatientID}, {@code 00100020}), and control keys ({@code limit}, {@code offset},
     * {@code fuzzymatching}); values are sent URL-encoded as given (wildcards and ranges included).
     * StudyDescription and IssuerOfPatientID are asked for with {@code includefield}.
     *
     * <p>Orthanc 1.10 / plugin 1.7 answers attributes outside the default study-level set from one
     * instance of the study, which may lack them (a KOS has no StudyDescription), so
     * {@link QidoStudy#description()} can be null even when the study has one.
     */
    public List<QidoStudy> searchStudies(Map<String, String> query) throws IOException {
        StringBuilder url = new StringBuilder(base).append("/studies?");
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (!QUERY_KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("not a QIDO-RS query key: " + e.getKey());
            }
            url.append(e.getKey()).append('=').append(encode(Objects.requireNonNull(e.getValue()))).append('&');
        }
        url.append("includefield=").append(Tags.STUDY_DESCRIPTION)
                .append("&includefield=").append(Tags.ISSUER_OF_PATIENT_ID);
        List<QidoStudy> out = new ArrayList<>();
        for (DicomJsonDataset d : datasets(URI.create(url.toString()), "QIDO-RS studies")) {
            out.add(QidoStudy.from(d));
        }
        return out;
    }

    /**
     * QIDO-RS Search for Instances of a study (PS3.18 10.6, {@code /studies/{uid}/instances}).
     * An unknown study gives an empty list on Orthanc; servers that answer 404 raise
     * {@link DicomWebNotFoundException}.
     */
    public List<QidoInstance> searchInstances(String studyUid) throws IOException {
        URI uri = URI.create(base + "/studies/" + uid(studyUid) + "/instances?includefield="
                + Tags.AVAILABLE_TRANSFER_SYNTAX_UID);
        List<QidoInstance> out = new ArrayList<>();
        for (DicomJsonDataset d : datasets(uri, "QIDO-RS instances")) {
            out.add(QidoInstance.from(d, studyUid));
        }
        return out;
    }

    /**
     * WADO-RS Retrieve Instance (PS3.18 10.4, {@code /studies/{s}/series/{se}/instances/{i}}) in
     * the transfer syntax the server stored it in ({@code transfer-syntax=*}).
     *
     * <p>Returns the Part 10 bytes of the single part, streamed from the HTTP response as it
     * arrives; nothing beyond a 64 KiB window is buffered. The caller must close the stream,
     * which ends the HTTP exchange. Reading fails with an {@link IOException} if the multipart
     * body is cut short or malformed, and with an {@link HttpTimeoutException} if no bytes come
     * for the read idle timeout.
     *
     * @throws DicomWebNotFoundException the server does not hold the instance (HTTP 404)
     * @throws DicomWebException         any other error status or a non-multipart answer
     */
    public InputStream retrieveInstance(String studyUid, String seriesUid, String sopUid) throws IOException {
        URI uri = URI.create(base + "/studies/" + uid(studyUid) + "/series/" + uid(seriesUid)
                + "/instances/" + uid(sopUid));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", ACCEPT_INSTANCE)
                .GET()
                .build();
        HttpResponse<InputStream> response = send(request);
        InputStream body = new IdleTimeoutInputStream(response.body(), readIdleTimeout);
        if (response.statusCode() != 200) {
            byte[] excerpt;
            try (body) {
                excerpt = body.readNBytes(ERROR_EXCERPT);
            }
            throw failure("WADO-RS retrieve", response.statusCode(), excerpt);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!MediaTypes.baseType(contentType).equals("multipart/related")) {
            body.close();
            throw new DicomWebException(200, "WADO-RS retrieve answered " + MediaTypes.baseType(contentType)
                    + ", not multipart/related");
        }
        return SinglePartInputStream.open(body, MediaTypes.parameter(contentType, "boundary"));
    }

    /**
     * STOW-RS Store Instances (PS3.18 10.5, {@code POST /studies}): one request, one part per
     * file, read from disk while sending. The answer is mapped per SOP instance; HTTP 200, 202,
     * 400 and 409 with a DICOM JSON body all give a {@link StowResult} (check
     * {@link StowResult#allStored()}), other answers raise {@link DicomWebException}.
     *
     * <p>The whole exchange is bounded by the builder's store timeout, not the request timeout,
     * because the upload of a large study counts against it.
     */
    public StowResult store(List<Path> part10Files) throws IOException {
        StowBody body = new StowBody(part10Files);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/studies"))
                .timeout(storeTimeout)
                .header("Content-Type", body.contentType())
                .header("Accept", DICOM_JSON)
                .POST(body.publisher())
                .build();
        HttpResponse<byte[]> response = sendBounded(request, storeTimeout, "STOW-RS store");
        int status = response.statusCode();
        // Orthanc 1.10 sends its 400 answer (DICOM JSON naming what it did store) without a
        // Content-Type, so an untyped body is tried as DICOM JSON as well.
        boolean json = isJson(response) || response.headers().firstValue("Content-Type").isEmpty();
        if (json && (status == 200 || status == 202 || status == 400 || status == 409)) {
            Object parsed = status / 100 == 2 ? parse(response.body(), "STOW-RS store", status) : parseOrNull(response.body());
            if (parsed instanceof Map<?, ?>) {
                return StowResult.from(status, body.parts(), DicomJsonDataset.of(parsed));
            }
        }
        if (status / 100 == 2) {
            throw new DicomWebException(status, "STOW-RS store answered without a DICOM JSON response");
        }
        throw failure("STOW-RS store", status, response.body());
    }

    /** A QIDO-RS answer: a JSON array of DICOM JSON datasets (PS3.18 F.2.1). */
    private List<DicomJsonDataset> datasets(URI uri, String what) throws IOException {
        Object json = getJson(uri, what);
        try {
            return DicomJsonDataset.listOf(json);
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(200, what + " answered JSON that is not DICOM JSON: " + e.getMessage());
        }
    }

    private Object getJson(URI uri, String what) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", DICOM_JSON)
                .GET()
                .build();
        HttpResponse<byte[]> response = sendBounded(request, requestTimeout, what);
        int status = response.statusCode();
        if (status == 204) {
            return List.of(); // PS3.18 allows "no content" for a search without matches
        }
        if (status != 200) {
            throw failure(what, status, response.body());
        }
        if (!isJson(response)) {
            throw new DicomWebException(status, what + " answered "
                    + response.headers().firstValue("Content-Type").orElse("no Content-Type"));
        }
        return parse(response.body(), what, status);
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + request.uri());
        }
    }

    /** Sends and collects a bounded body, all within {@code deadline}. */
    private HttpResponse<byte[]> sendBounded(HttpRequest request, Duration deadline, String what) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, new BoundedBody(maxJsonBytes));
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + what);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException(what + ": no complete answer within " + deadline);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(what + " failed", cause);
        }
    }

    private static boolean isJson(HttpResponse<?> response) {
        String type = MediaTypes.baseType(response.headers().firstValue("Content-Type").orElse(""));
        return type.equals(DICOM_JSON) || type.equals("application/json");
    }

    private static Object parse(byte[] body, String what, int status) throws DicomWebException {
        try {
            return JsonReader.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JsonReader.MalformedJsonException e) {
            throw new DicomWebException(status, what + " answered malformed JSON: " + e.getMessage());
        }
    }

    private static Object parseOrNull(byte[] body) {
        try {
            return JsonReader.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JsonReader.MalformedJsonException e) {
            return null;
        }
    }

    private static DicomWebException failure(String what, int status, byte[] body) {
        String text = new String(body, 0, Math.min(body.length, ERROR_EXCERPT), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        String message = what + " failed: HTTP " + status + (text.isEmpty() ? "" : " (" + text + ")");
        return status == 404 ? new DicomWebNotFoundException(message) : new DicomWebException(status, message);
    }

    private static String uid(String uid) {
        if (uid == null || uid.length() > 64 || !UID.matcher(uid).matches()) {
            throw new IllegalArgumentException("not a DICOM UID: " + uid);
        }
        return uid;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Settings of a {@link DicomWebClient}; every one has a default. */
    public static final class Builder {
        private final URI baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration storeTimeout = Duration.ofMinutes(10);
        private Duration readIdleTimeout = Duration.ofSeconds(60);
        private int maxJsonBytes = 16 * 1024 * 1024;

        private Builder(URI baseUrl) {
            String scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)
                    || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("DICOMweb base URL must be http(s) without query: " + baseUrl);
            }
            this.baseUrl = baseUrl;
        }

        /** TCP connect timeout; default 5 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d);
            return this;
        }

        /** Whole QIDO-RS exchange; WADO-RS until the response headers; default 30 s. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d);
            return this;
        }

        /** Whole STOW-RS exchange, upload included; default 10 min. */
        public Builder storeTimeout(Duration d) {
            this.storeTimeout = positive(d);
            return this;
        }

        /** Longest wait for the next bytes of a WADO-RS body; default 60 s. */
        public Builder readIdleTimeout(Duration d) {
            this.readIdleTimeout = positive(d);
            return this;
        }

        /** Largest QIDO-RS / STOW-RS answer accepted; default 16 MiB. */
        public Builder maxJsonBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxJsonBytes below 1 KiB");
            }
            this.maxJsonBytes = bytes;
            return this;
        }

        public DicomWebClient build() {
            return new DicomWebClient(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return d;
        }
    }
}
