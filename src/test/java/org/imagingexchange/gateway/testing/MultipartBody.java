// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/related} (MTOM/XOP) body taken apart by hand, so tests check the package as
 * it was on the wire: the Content-Type parameters, the root part and each attachment by Content-ID.
 */
public final class MultipartBody {

    /** One MIME part: its headers (lower-case names) and its bytes. */
    public record Part(Map<String, String> headers, byte[] content) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Content-ID without angle brackets. */
        public String contentId() {
            String id = header("content-id");
            return id == null ? null : id.replaceAll("^<|>$", "");
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final String contentType;
    private final List<Part> parts;

    private MultipartBody(String contentType, List<Part> parts) {
        this.contentType = contentType;
        this.parts = parts;
    }

    /** Parses {@code body}; fails when the Content-Type is not multipart or carries no boundary. */
    public static MultipartBody parse(String contentType, byte[] body) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
            throw new AssertionError("not a multipart/related answer: " + contentType);
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null) {
            throw new AssertionError("no boundary in " + contentType);
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int lineEnd = at + delimiter.length;
            if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                break; // close delimiter
            }
            int headersStart = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd) + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            if (headersStart < 2 || headersEnd < 0 || next < 0) {
                throw new AssertionError("malformed multipart body near byte " + at);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1)
                    .split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            parts.add(new Part(headers, Arrays.copyOfRange(body, headersEnd + 4, next)));
            at = next + 2;
        }
        return new MultipartBody(contentType, parts);
    }

    /** A parameter of the package's Content-Type (quotes removed), or null. */
    public String parameter(String name) {
        return parameter(contentType, name);
    }

    public List<Part> parts() {
        return parts;
    }

    /** The root part: the one named by the {@code start} parameter, else the first. */
    public Part root() {
        String start = parameter("start");
        if (start != null) {
            String id = start.replaceAll("^<|>$", "");
            return parts.stream().filter(p -> id.equals(p.contentId())).findFirst()
                    .orElseThrow(() -> new AssertionError("no part with the start Content-ID " + start));
        }
        return parts.get(0);
    }

    /** The part an {@code xop:Include href="cid:..."} points to (the cid is URL-decoded). */
    public Part byCid(String href) {
        String id = java.net.URLDecoder.decode(href.replaceFirst("^cid:", ""), StandardCharsets.UTF_8);
        return parts.stream().filter(p -> id.equals(p.contentId())).findFirst()
                .orElseThrow(() -> new AssertionError("no part with Content-ID " + id));
    }

    private static String parameter(String contentType, String name) {
        Matcher m = Pattern.compile("(?i);\\s*" + Pattern.quote(name) + "=(\"([^\"]*)\"|([^;\\s]*))").matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static int indexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= b.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
