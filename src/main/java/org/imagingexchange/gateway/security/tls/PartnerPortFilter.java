// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps the partner-facing endpoints on mutual TLS (CATALOGUE TLS-13, ITI19-14): when mutual
 * TLS is configured ({@code GATEWAY_TLS_CLIENT_AUTH=true}), a request to a partner path
 * ({@code GATEWAY_TLS_PARTNER_PATHS}, default {@code /services/rg/}) that did not arrive over
 * TLS with a verified client certificate gets HTTP 403 before any SOAP processing. This is what
 * lets the local-consumer endpoints stay on plain HTTP ({@code GATEWAY_HTTP_ENABLED}) without
 * opening the partner endpoints there. Without mutual TLS (development) it lets everything through.
 */
@WebFilter(filterName = "partnerPortFilter", urlPatterns = "/*", asyncSupported = true)
public class PartnerPortFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(PartnerPortFilter.class.getName());
    static final String DEFAULT_PATHS = "/services/rg/";

    private volatile boolean mutualTls;
    private volatile List<String> partnerPaths = List.of();

    @Override
    public void init(FilterConfig config) {
        Config c = ConfigProvider.getConfig();
        configure(c.getOptionalValue("gateway.tls.client.auth", Boolean.class).orElse(false),
                c.getOptionalValue("gateway.tls.partner.paths", String.class).orElse(DEFAULT_PATHS));
    }

    void configure(boolean clientAuth, String paths) {
        List<String> list = new ArrayList<>();
        for (String p : paths.split(",")) {
            String t = p.strip();
            if (!t.isEmpty()) {
                list.add(t.startsWith("/") ? t : "/" + t);
            }
        }
        this.partnerPaths = List.copyOf(list);
        this.mutualTls = clientAuth;
        if (clientAuth) {
            LOG.info(() -> "GWTLS0011I partner paths " + partnerPaths + " accept mutual TLS only");
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (mutualTls && request instanceof HttpServletRequest http && isPartnerPath(path(http))
                && (!http.isSecure() || TlsClientIdentity.from(http).isEmpty())) {
            LOG.warning(() -> "GWTLS0010W refused " + http.getMethod() + " " + path(http) + " from "
                    + http.getRemoteAddr() + ": partner path without mutual TLS (secure=" + http.isSecure() + ")");
            HttpServletResponse out = (HttpServletResponse) response;
            out.setStatus(HttpServletResponse.SC_FORBIDDEN);
            out.setContentType("text/plain;charset=UTF-8");
            out.getOutputStream().write("partner endpoints require mutual TLS\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The decoded, container-normalized path that servlet mapping (and CXF) dispatch on. */
    private static String path(HttpServletRequest r) {
        String servletPath = r.getServletPath() == null ? "" : r.getServletPath();
        String pathInfo = r.getPathInfo() == null ? "" : r.getPathInfo();
        return servletPath + pathInfo;
    }

    boolean isPartnerPath(String path) {
        // compare on the normalized path: "/services//rg/x" and "/services/./rg/x" must not slip through
        String p = path.replaceAll("/{2,}", "/").replace("/./", "/");
        for (String prefix : partnerPaths) {
            if (p.startsWith(prefix) || (p + "/").equals(prefix)) {
                return true;
            }
        }
        return false;
    }
}
