// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem documents for REST errors. */
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {}

    public static Response of(int status, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (extensions != null) {
            body.putAll(extensions);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
